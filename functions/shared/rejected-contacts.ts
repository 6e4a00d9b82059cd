import { inspect } from 'node:util';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * The largest message this queue sends: SQS's classic 256 KiB (a queue's
 * default maximum). An SNS message alone may be 256 KB, so a whole event can
 * be over it; then the raw payload is cut, with a note saying so.
 */
export const MAX_REJECTED_MESSAGE_BYTES = 256 * 1024;
/** A reason longer than this is cut: it is for a person, and the raw payload is what matters. */
const MAX_REASON_CHARS = 4_000;
/** How deep the text form of a payload that is not JSON-serialisable goes (util.inspect elides deeper levels). */
const INSPECT_DEPTH = 64;

export interface RejectedContact {
  /** The function that rejected it, e.g. `sms-inbound`. */
  readonly source: string;
  /** Why, in words a person fixing it can act on. */
  readonly reason: string;
  /** The raw payload as received, for inspection and replay. */
  readonly raw: unknown;
  readonly contactKey?: string;
  /**
   * How `npm run replay` brings it back: `invoke` the source function with
   * `raw` (a contact that failed on a dependency, not on its input), or send
   * the reply in `raw` again. Absent: bad input, which would fail the same way.
   */
  readonly replay?: 'invoke' | 'sms_reply' | 'email_reply';
}

/**
 * The raw payload as JSON text when it can be (the usual case: replay reads it
 * back as it came), otherwise as a JSON string of its `util.inspect` text: a
 * payload nested 10,000 deep, circular or holding a BigInt makes
 * JSON.stringify throw, and the queue must still keep it.
 */
function rawJson(raw: unknown): { json: string; note?: string } {
  try {
    const json = JSON.stringify(raw);
    if (json !== undefined) return { json };
  } catch (error) {
    const text = inspect(raw, { depth: INSPECT_DEPTH, maxArrayLength: 10_000, maxStringLength: MAX_REJECTED_MESSAGE_BYTES, breakLength: Infinity });
    return { json: JSON.stringify(text), note: `not serialisable as JSON (${(error as Error).name}: ${(error as Error).message}); kept as text, levels deeper than ${INSPECT_DEPTH} elided` };
  }
  return { json: JSON.stringify(String(raw)), note: 'not serialisable as JSON; kept as text' };
}

/** The longest prefix of `text` within `maxBytes` of UTF-8, never splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * Keeps a payload the handler could not turn into a contact (or a reply it
 * could not send) in the rejected-contacts queue, the same queue that is the
 * function's dead-letter queue, so nothing is lost and everything can be
 * replayed. Whatever it is given, it sends one message within SQS's limit.
 */
export class RejectedContactsQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /**
   * @example
   * await rejected.keep({ source: 'sms-inbound', reason: 'not an SNS event', raw: event }, new Date());
   */
  async keep(rejected: RejectedContact, at: Date): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: rejectedMessageBody(rejected, at) }));
  }
}

/**
 * The message: the envelope, then `raw` written in as text already serialised,
 * so nothing deep is stringified twice. Over the limit, `raw` becomes a string
 * holding the first bytes of the JSON, `rawTruncated` is true and `rawNote` says how much was kept.
 *
 * @example
 * rejectedMessageBody({ source: 'sms-inbound', reason: 'bad', raw: { a: 1 } }, new Date());
 */
export function rejectedMessageBody(rejected: RejectedContact, at: Date): string {
  const { json, note } = rawJson(rejected.raw);
  const envelope = (truncated: boolean, rawNote: string | undefined) =>
    JSON.stringify({
      source: rejected.source,
      reason: rejected.reason.slice(0, MAX_REASON_CHARS),
      ...(rejected.contactKey !== undefined ? { contactKey: rejected.contactKey } : {}),
      ...(rejected.replay !== undefined ? { replay: rejected.replay } : {}),
      at: at.toISOString(),
      rawTruncated: truncated,
      ...(rawNote !== undefined ? { rawNote } : {}),
    }).slice(0, -1);
  const whole = `${envelope(false, note)},"raw":${json}}`;
  if (Buffer.byteLength(whole) <= MAX_REJECTED_MESSAGE_BYTES) return whole;

  const total = Buffer.byteLength(json);
  // Escaping the cut text can grow it (a quote doubles, a control character becomes six bytes): shrink until it fits, a bounded few times.
  let budget = MAX_REJECTED_MESSAGE_BYTES - 512 - Buffer.byteLength(note ?? '');
  for (let attempt = 0; attempt < 8 && budget > 0; attempt++) {
    const cut = cutToBytes(json, budget);
    const rawNote = `${note ? `${note}; ` : ''}cut to ${Buffer.byteLength(cut)} of ${total} bytes of JSON (SQS takes ${MAX_REJECTED_MESSAGE_BYTES})`;
    const body = `${envelope(true, rawNote)},"raw":${JSON.stringify(cut)}}`;
    const size = Buffer.byteLength(body);
    if (size <= MAX_REJECTED_MESSAGE_BYTES) return body;
    budget = Math.floor((budget * MAX_REJECTED_MESSAGE_BYTES) / size) - 1024;
  }
  return `${envelope(true, `${note ? `${note}; ` : ''}too large to keep any part of (${total} bytes of JSON)`)},"raw":""}`;
}

import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS takes up to 1 MiB; an SNS message is at most 256 KB, so a whole event fits with room for the envelope. */
const MAX_RAW_CHARS = 900_000;

export interface RejectedContact {
  /** The function that rejected it, e.g. `sms-inbound`. */
  readonly source: string;
  /** Why, in words a person fixing it can act on. */
  readonly reason: string;
  /** The raw payload as received, for inspection and replay. */
  readonly raw: unknown;
  readonly contactKey?: string;
}

/**
 * Keeps a payload the handler could not turn into a contact (or a reply it
 * could not send) in the rejected-contacts queue, the same queue that is the
 * function's dead-letter queue, so nothing is lost and everything can be replayed.
 */
export class RejectedContactsQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async keep(rejected: RejectedContact, at: Date): Promise<void> {
    const raw = JSON.stringify(rejected.raw) ?? 'undefined';
    const body = {
      ...rejected,
      at: at.toISOString(),
      raw: raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : rejected.raw,
      rawTruncated: raw.length > MAX_RAW_CHARS,
    };
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body) }));
  }
}

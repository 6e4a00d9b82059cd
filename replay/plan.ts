/**
 * What a kept message is and how it is replayed. A message in the
 * rejected-contacts queue (or the local DLQ journal) is one of:
 * - a handler's rejection (`functions/shared/rejected-contacts.ts`): replayed
 *   when it says how (`replay`: `invoke` its source function with `raw`, or
 *   send the reply it holds); bad input is not replayable: it would fail the
 *   same way, and a person fixes or discards it;
 * - an asynchronous invocation Lambda gave up on: the event itself (a
 *   function's DLQ), or an on-failure destination record naming the function;
 * - an SNS notification the topic could not deliver (the subscription's DLQ).
 * Replaying through the functions is idempotent: a contact's key comes from
 * the provider's id, so one that already made a ticket makes nothing new.
 */

/** A kept message: its body, and the function it failed in when the journal names it (the local DLQ does). */
export interface KeptMessage {
  readonly body: string;
  readonly functionName?: string;
}

export type ReplayPlan =
  | { readonly kind: 'invoke'; readonly functionName: string; readonly event: unknown }
  | { readonly kind: 'sms_reply'; readonly to: string; readonly text: string; readonly contactKey?: string }
  | { readonly kind: 'email_reply'; readonly to: string; readonly subject: string; readonly text: string; readonly contactKey?: string }
  | { readonly kind: 'not_replayable'; readonly reason: string };

/** Which function takes an event, by the event's source (as the rejected-contacts queue is shared). */
const FUNCTION_BY_EVENT_SOURCE: Readonly<Record<string, string>> = {
  'aws:sns': 'sms-inbound',
  'aws:ses': 'email-inbound',
  'aws:s3': 'billing-file',
};

/**
 * @example
 * planReplay({ body: '{"Records":[{"EventSource":"aws:sns",...}]}' }); // { kind: 'invoke', functionName: 'sms-inbound', event }
 * planReplay({ body: '{"source":"sms-inbound","reason":"no_origination_number: ...","raw":{...}}' }); // { kind: 'not_replayable', ... }
 */
export function planReplay(message: KeptMessage): ReplayPlan {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    return { kind: 'not_replayable', reason: 'the message is not JSON' };
  }
  if (message.functionName) return { kind: 'invoke', functionName: message.functionName, event: body };
  if (!isObject(body)) return { kind: 'not_replayable', reason: 'the message is not a JSON object' };
  if (typeof body.source === 'string' && typeof body.reason === 'string' && 'raw' in body) return planRejection(body);
  if (isObject(body.requestContext) && typeof body.requestContext.functionArn === 'string' && 'requestPayload' in body) {
    // An on-failure destination record: arn:aws:lambda:region:account:function:name[:qualifier].
    const name = body.requestContext.functionArn.split(':')[6];
    return name ? { kind: 'invoke', functionName: name, event: body.requestPayload } : { kind: 'not_replayable', reason: 'the destination record names no function' };
  }
  const source = eventSource(body);
  const functionName = source ? FUNCTION_BY_EVENT_SOURCE[source] : undefined;
  if (functionName) return { kind: 'invoke', functionName, event: body };
  if (body.Type === 'Notification' && typeof body.TopicArn === 'string' && typeof body.Message === 'string') {
    // The topic could not invoke the function: the notification as the function would have got it.
    return { kind: 'invoke', functionName: 'sms-inbound', event: { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${body.TopicArn}:replay`, Sns: body }] } };
  }
  return { kind: 'not_replayable', reason: 'not a rejection, an event or a destination record this replay knows' };
}

function planRejection(body: Record<string, unknown>): ReplayPlan {
  const { source, reason, raw } = body as { source: string; reason: string; raw: unknown };
  const contactKey = typeof body.contactKey === 'string' ? body.contactKey : undefined;
  if (body.rawTruncated === true) return { kind: 'not_replayable', reason: `${source}: the raw payload was cut to fit the queue (${reason})` };
  // Entries written before `replay` existed: a reply not sent says so in its reason.
  const replay = typeof body.replay === 'string' ? body.replay : reason === 'reply_not_sent' ? (source === 'email-inbound' ? 'email_reply' : 'sms_reply') : undefined;
  if (replay === 'invoke') return { kind: 'invoke', functionName: source, event: raw };
  if (replay === 'sms_reply' && isObject(raw) && typeof raw.to === 'string' && typeof raw.text === 'string') {
    return { kind: 'sms_reply', to: raw.to, text: raw.text, ...(contactKey ? { contactKey } : {}) };
  }
  if (replay === 'email_reply' && isObject(raw) && typeof raw.to === 'string' && typeof raw.subject === 'string' && typeof raw.text === 'string') {
    return { kind: 'email_reply', to: raw.to, subject: raw.subject, text: raw.text, ...(contactKey ? { contactKey } : {}) };
  }
  return { kind: 'not_replayable', reason: `${source}: ${reason.split(':')[0]} (input that fails the same way again; fix or discard it by hand)` };
}

function eventSource(body: Record<string, unknown>): string | undefined {
  const first = Array.isArray(body.Records) ? body.Records[0] : undefined;
  if (!isObject(first)) return undefined;
  const source = first.EventSource ?? first.eventSource;
  return typeof source === 'string' ? source : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

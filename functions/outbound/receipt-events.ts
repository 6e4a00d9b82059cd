/**
 * The providers' receipt events, as `DeliveryReceipt`s (outbound/delivery.ts):
 * SNS SMS delivery-status log lines from a CloudWatch Logs subscription, and
 * Amazon Connect contact events for outbound calls from EventBridge. A log
 * line holds the destination number: only its message id, status and the
 * provider's response are read.
 */
import { gunzipSync } from 'node:zlib';
import type * as z from 'zod/mini';
import type { DeliveryReceipt } from './delivery';
import { ConnectContactEventSchema, LogsDataSchema, LogsSubscriptionEventSchema, SmsDeliveryLogSchema } from './schemas';
import { OutboundError } from './errors';

/** Thrown for an event that is neither a log subscription delivery nor a contact event: Lambda retries, then dead-letters it with its payload. */
export class UnrecognisedReceiptEventError extends OutboundError {
  constructor(options?: ErrorOptions) {
    super('Not a CloudWatch Logs subscription delivery or an Amazon Connect contact event', options);
    this.name = 'UnrecognisedReceiptEventError';
  }
}

/**
 * The receipts an event carries, and how many log lines were not delivery
 * records (skipped). Throws {@link UnrecognisedReceiptEventError} for any
 * other event.
 *
 * @example
 * const { receipts } = receiptsOf(cloudWatchLogsEvent); // [{ channel: 'sms', providerMessageId, delivered: true, at }]
 */
export function receiptsOf(event: unknown): { receipts: DeliveryReceipt[]; skipped: number } {
  const logs = LogsSubscriptionEventSchema.safeParse(event);
  if (logs.success) return smsReceipts(logs.data);
  const contact = ConnectContactEventSchema.safeParse(event);
  if (contact.success) return { receipts: callReceipts(contact.data), skipped: 0 };
  throw new UnrecognisedReceiptEventError();
}

function smsReceipts(event: z.infer<typeof LogsSubscriptionEventSchema>): { receipts: DeliveryReceipt[]; skipped: number } {
  let data: z.infer<typeof LogsDataSchema>;
  try {
    data = LogsDataSchema.parse(JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64'), { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8')));
  } catch (error) {
    throw new UnrecognisedReceiptEventError({ cause: error });
  }
  const receipts: DeliveryReceipt[] = [];
  let skipped = 0;
  for (const line of data.logEvents) {
    const log = SmsDeliveryLogSchema.safeParse(safeJson(line.message));
    if (!log.success) {
      skipped++;
      continue;
    }
    const delivered = log.data.status === 'SUCCESS';
    receipts.push({
      channel: 'sms',
      providerMessageId: log.data.notification.messageId,
      delivered,
      at: new Date(line.timestamp),
      ...(delivered ? {} : { reason: log.data.delivery?.providerResponse ?? 'FAILURE' }),
    });
  }
  return { receipts, skipped };
}

/** A DISCONNECTED event of an API-placed (notice) call: answered if it ever had media. */
function callReceipts(event: z.infer<typeof ConnectContactEventSchema>): DeliveryReceipt[] {
  const { detail } = event;
  if (detail.eventType !== 'DISCONNECTED' || detail.initiationMethod !== 'API') return [];
  const delivered = detail.connectedToSystemTimestamp !== undefined;
  return [
    {
      channel: 'voice',
      providerMessageId: detail.contactId,
      delivered,
      at: new Date(detail.disconnectTimestamp ?? event.time),
      ...(delivered ? {} : { reason: `call not answered (${detail.disconnectReason ?? 'no reason given'})` }),
    },
  ];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

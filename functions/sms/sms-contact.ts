import * as z from 'zod/mini';
import { asE164 } from '../customers/e164';
import { detectLanguage } from '../intake/classify';
import { receiptTime, type Contact } from '../intake/contact';
import { InvalidInputError } from '../shared/errors';
import { TwoWaySmsSchema, type SnsRecord } from './schemas';

/**
 * Turns one SNS record carrying a two-way SMS into the canonical contact.
 * Throws InvalidInputError (never retried) when the message is not a usable SMS.
 * `now` is the invocation's time: the contact's clocks start there unless
 * SNS's timestamp is plausible (`receiptTime`).
 *
 * @example
 * const contact = smsContact(event.Records[0], new Date());
 */
export function smsContact(record: SnsRecord, now: Date): Contact {
  let payload: unknown;
  try {
    payload = JSON.parse(record.Sns.Message);
  } catch (error) {
    throw new InvalidInputError('SNS message is not JSON', 'message_not_json', { cause: error });
  }
  const parsed = TwoWaySmsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidInputError(`not a two-way SMS payload: ${z.prettifyError(parsed.error)}`, 'invalid_sms_payload');
  }
  const sms = parsed.data;
  const phone = asE164(sms.originationNumber.trim());
  if (!phone) throw new InvalidInputError('originationNumber is not a valid phone number', 'invalid_origination_number');
  return {
    channel: 'sms',
    providerMessageId: sms.inboundMessageId,
    sender: { phone },
    receiver: sms.destinationNumber,
    ...receiptTime(record.Sns.Timestamp, now),
    language: detectLanguage(sms.messageBody, 'zh-CN'),
    text: sms.messageBody.trim(),
    attachments: [],
    rawRef: `sns:${record.Sns.TopicArn}:${record.Sns.MessageId}`,
  };
}

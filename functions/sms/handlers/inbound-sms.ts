import middy from '@middy/core';
import * as z from 'zod/mini';
import { phoneFingerprint } from '../../shared/fingerprint';
import { recordContact } from '../../intake/intake';
import { sns, sqs } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { classifyText } from '../../intake/classify';
import { InvalidInputError } from '../../shared/errors';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { RejectedContactsQueue } from '../../shared/rejected-contacts';
import { SnsSmsSender } from '../adapters/sns-sms-sender';
import { contactReply } from '../../intake/replies';
import { SnsEventSchema, type SnsRecord } from '../schemas';
import { smsContact } from '../sms-contact';
import { now } from '../../shared/time';

const FUNCTION_NAME = 'sms-inbound';
const config = readConfig();
const deps = intakeDeps(config, classifyText);
const sender = new SnsSmsSender(sns, config.smsOriginationNumber);
const rejected = new RejectedContactsQueue(sqs, config.rejectedContactsQueueUrl);

/** What the invocation did, per record; ids only, no personal data (it may be logged by callers). */
export interface SmsRecordResult {
  readonly snsMessageId?: string;
  readonly outcome: string;
  readonly ticketId?: string;
  readonly outageId?: string;
  readonly duplicate?: boolean;
  readonly replied?: boolean;
  readonly rejectedBecause?: string;
}

/**
 * Two-way SMS from the SNS topic. Bad input goes to the rejected-contacts
 * queue with its raw payload and is not retried; a failure of DynamoDB is
 * thrown so Lambda retries and, at the end, the event lands in the same queue.
 */
export const handler = middy(async (event: unknown): Promise<{ results: SmsRecordResult[] }> => {
  const parsed = SnsEventSchema.safeParse(event);
  if (!parsed.success) {
    const reason = 'not an SNS event';
    logger.warn('rejected SMS event', { reason, problem: z.prettifyError(parsed.error) });
    await rejected.keep({ source: FUNCTION_NAME, reason, raw: event }, now());
    return { results: [{ outcome: 'rejected', rejectedBecause: reason }] };
  }
  const results: SmsRecordResult[] = [];
  for (const record of parsed.data.Records) results.push(await handleRecord(record));
  return { results };
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());

async function handleRecord(record: SnsRecord): Promise<SmsRecordResult> {
  const snsMessageId = record.Sns.MessageId;
  let contact;
  try {
    contact = smsContact(record, now());
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    logger.warn('rejected SMS', { snsMessageId, reason: error.reason });
    await rejected.keep({ source: FUNCTION_NAME, reason: `${error.reason}: ${error.message}`, raw: record }, now());
    return { snsMessageId, outcome: 'rejected', rejectedBecause: error.reason };
  }
  const phone = contact.sender.phone as string;
  const result = await recordContact(contact, deps);
  const { outcome } = result;
  const ids = {
    ticketId: 'ticketId' in outcome ? outcome.ticketId : undefined,
    outageId: 'outageId' in outcome ? outcome.outageId : undefined,
  };
  logger.info('SMS contact recorded', { contactKey: result.contactKey, sender: phoneFingerprint(phone), outcome: outcome.kind, duplicate: !result.firstDelivery, ...ids });

  const text = contactReply(outcome, result.language, config.timeZone, config.paidRepairVisitYuan);
  // A redelivered contact was answered the first time; answering again would be a duplicate reply.
  const replyDue = result.firstDelivery && result.replyAllowed && text !== '';
  if (replyDue) await sendReply(phone, text, result.contactKey);
  return { snsMessageId, outcome: outcome.kind, duplicate: !result.firstDelivery, replied: replyDue, ...ids };
}

/**
 * The contact is already committed, so a failed reply must not make Lambda
 * retry (the retry would see a duplicate and stay silent): the reply is kept
 * in the rejected-contacts queue to be replayed instead.
 */
async function sendReply(phone: string, text: string, contactKey: string): Promise<void> {
  try {
    await sender.send(phone, text);
  } catch (error) {
    logger.error('SMS reply not sent; kept for replay', { contactKey, error: (error as Error).name });
    await rejected.keep({ source: FUNCTION_NAME, reason: 'reply_not_sent', replay: 'sms_reply', contactKey, raw: { to: phone, text } }, now());
  }
}

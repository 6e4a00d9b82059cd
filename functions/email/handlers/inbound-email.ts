import middy from '@middy/core';
import * as z from 'zod/mini';
import { receiptTime } from '../../intake/contact';
import { documentClient, sqs } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { classifyText } from '../../intake/classify';
import { s3, sesv2 } from '../../shared/email-clients';
import { emailFingerprint } from '../../shared/fingerprint';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { RejectedContactsQueue } from '../../shared/rejected-contacts';
import { DynamoEmailThreads } from '../adapters/dynamo-email-threads';
import { FileMailStore } from '../adapters/file-mail-store';
import { S3MailStore } from '../adapters/s3-mail-store';
import { SesEmailSender } from '../adapters/ses-email-sender';
import { readEmailConfig } from '../config';
import { receiveEmail, type EmailIntakeDeps } from '../email-intake';
import { RawMailMissingError, UnreadableMailError } from '../errors';
import { SesEventSchema, type SesRecord } from '../schemas';
import { now } from '../../shared/time';

const FUNCTION_NAME = 'email-inbound';
const config = readConfig();
const emailConfig = readEmailConfig();
const intake = intakeDeps(config, classifyText);
// Locally the raw mail is a file in the data dir (POST /email writes it); in AWS the SES S3 action's object.
const mailStore = emailConfig.localMailDir
  ? new FileMailStore(emailConfig.localMailDir, emailConfig.mailPrefix)
  : new S3MailStore(s3, emailConfig.mailBucket, emailConfig.mailPrefix);
const deps: EmailIntakeDeps = {
  intake,
  rawMail: mailStore,
  attachments: mailStore,
  threads: new DynamoEmailThreads(documentClient, config.tableName),
  sender: new SesEmailSender(sesv2, emailConfig.fromAddress),
  serviceAddresses: [emailConfig.fromAddress],
  timeZone: config.timeZone,
  paidRepairVisitYuan: config.paidRepairVisitYuan,
  threadWindowHours: config.threadWindowHours,
};
const rejected = new RejectedContactsQueue(sqs, config.rejectedContactsQueueUrl);

/** What the invocation did, per record; ids only, no personal data. */
export interface EmailRecordResult {
  readonly sesMessageId?: string;
  readonly outcome: string;
  readonly ticketId?: string;
  readonly outageId?: string;
  readonly thread?: string;
  readonly duplicate?: boolean;
  readonly acknowledged?: boolean;
  readonly rejectedBecause?: string;
}

/**
 * Mail received by SES: the receipt rule stored the raw MIME in S3, then
 * invoked this function (asynchronously) with the receipt event. Bad input
 * goes to the rejected-contacts queue and is not retried; a DynamoDB or S3
 * failure is thrown so Lambda retries, then parks the event in the same queue.
 */
export const handler = middy(async (event: unknown): Promise<{ results: EmailRecordResult[] }> => {
  const parsed = SesEventSchema.safeParse(event);
  if (!parsed.success) {
    const reason = 'not an SES receipt event';
    logger.warn('rejected e-mail event', { reason, problem: z.prettifyError(parsed.error) });
    await rejected.keep({ source: FUNCTION_NAME, reason, raw: event }, now());
    return { results: [{ outcome: 'rejected', rejectedBecause: reason }] };
  }
  const results: EmailRecordResult[] = [];
  for (const record of parsed.data.Records) results.push(await handleRecord(record));
  return { results };
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());

async function handleRecord(record: SesRecord): Promise<EmailRecordResult> {
  const { mail, receipt } = record.ses;
  const sesMessageId = mail.messageId;
  let outcome;
  try {
    outcome = await receiveEmail(
      {
        sesMessageId,
        envelopeSender: mail.source,
        recipients: receipt.recipients,
        ...receiptTime(receipt.timestamp, now()),
        verdicts: {
          spam: receipt.spamVerdict.status,
          virus: receipt.virusVerdict.status,
          spf: receipt.spfVerdict.status,
          dkim: receipt.dkimVerdict.status,
          dmarc: receipt.dmarcVerdict.status,
        },
      },
      deps,
    );
  } catch (error) {
    // Kept with the receipt (the raw MIME stays in the bucket) and not retried: another try would fail the same way.
    const because = error instanceof RawMailMissingError ? 'raw_mail_missing' : error instanceof UnreadableMailError ? 'unreadable_mime' : undefined;
    if (!because) throw error;
    logger.warn('rejected e-mail', { sesMessageId, because, problem: (error as Error).message });
    await rejected.keep({ source: FUNCTION_NAME, reason: `${because}: ${(error as Error).message}`, raw: record }, now());
    return { sesMessageId, outcome: 'rejected', rejectedBecause: because };
  }

  if (outcome.kind !== 'recorded') {
    logger.info('e-mail held without a ticket', { sesMessageId, outcome: outcome.kind, reason: outcome.reason });
    return { sesMessageId, outcome: outcome.kind };
  }
  const { result } = outcome;
  const ids = {
    ticketId: 'ticketId' in result.outcome ? result.outcome.ticketId : undefined,
    outageId: 'outageId' in result.outcome ? result.outcome.outageId : undefined,
  };
  logger.info('e-mail contact recorded', {
    contactKey: result.contactKey,
    senderAuthenticated: outcome.senderAuthenticated,
    outcome: result.outcome.kind,
    thread: outcome.thread,
    automated: outcome.automated,
    duplicate: !result.firstDelivery,
    attachmentsKept: outcome.attachmentsKept,
    attachmentsSkipped: outcome.attachmentsSkipped,
    ...ids,
  });
  if (outcome.unsentAcknowledgement) {
    // The contact is committed: a retry would see a duplicate and stay silent, so the answer is kept for replay instead.
    const { error, ...ack } = outcome.unsentAcknowledgement;
    logger.error('e-mail acknowledgement not sent; kept for replay', { contactKey: result.contactKey, to: emailFingerprint(ack.to), error: (error as Error).name });
    await rejected.keep({ source: FUNCTION_NAME, reason: 'reply_not_sent', replay: 'email_reply', contactKey: result.contactKey, raw: ack }, now());
  }
  return { sesMessageId, outcome: result.outcome.kind, thread: outcome.thread, duplicate: !result.firstDelivery, acknowledged: outcome.acknowledged, ...ids };
}

import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { csvFile } from '../../shared/csv';
import type { Notice } from '../notice';
import type { UnreachableReporter } from '../ports';

/** One line of the unreachable list, as billing receives it (the account, not the number: billing has it). */
export interface UnreachableEntry {
  readonly noticeId: string;
  readonly source: Notice['source'];
  readonly accountNumber: string;
  readonly template: Notice['template'];
  readonly channel: Notice['channel'];
  readonly attempts: number;
  readonly lastError?: string;
  readonly at: string;
}

export function unreachableEntry(notice: Notice, at: Date): UnreachableEntry {
  return {
    noticeId: notice.noticeId,
    source: notice.source,
    accountNumber: notice.accountNumber,
    template: notice.template,
    channel: notice.channel,
    attempts: notice.attempts,
    lastError: notice.lastError,
    at: at.toISOString(),
  };
}

const UNREACHABLE_COLUMNS = ['noticeId', 'sourceKind', 'sourceId', 'accountNumber', 'template', 'channel', 'attempts', 'lastError', 'at'] as const;

/**
 * The unreachable list as billing's staff open it, in a spreadsheet: CSV
 * with every cell neutralised (`csvCell`), since a provider's error text or
 * a batch name could otherwise run as a formula there.
 *
 * @example
 * unreachableCsv([unreachableEntry(notice, new Date())]);
 */
export function unreachableCsv(entries: readonly UnreachableEntry[]): string {
  return csvFile(
    UNREACHABLE_COLUMNS,
    entries.map((e) => [e.noticeId, e.source.kind, e.source.id, e.accountNumber, e.template, e.channel, e.attempts, e.lastError, e.at]),
  );
}

/**
 * The unreachable list returned to billing: one CSV object per customer and
 * notice under `unreachable/<batch>/` (the key is the notice id's hash, so a
 * repeated report overwrites itself), and an event on the billing topic
 * naming the object. Outage notices are not billing's: they only get the event.
 */
export class S3UnreachableReporter implements UnreachableReporter {
  constructor(
    private readonly s3: S3Client,
    private readonly sns: SNSClient,
    private readonly bucket: string,
    private readonly topicArn: string,
  ) {}

  async report(notice: Notice, at: Date): Promise<void> {
    const entry = unreachableEntry(notice, at);
    let key: string | undefined;
    if (notice.source.kind === 'billing') {
      key = unreachableObjectKey(notice);
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: unreachableCsv([entry]), ContentType: 'text/csv; charset=utf-8' }));
    }
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify({ type: 'customer_unreachable', ...entry, ...(key ? { report: { bucket: this.bucket, key } } : {}) }),
        MessageAttributes: { sourceKind: { DataType: 'String', StringValue: notice.source.kind } },
      }),
    );
  }
}

export function unreachableObjectKey(notice: Pick<Notice, 'noticeId' | 'source'>): string {
  const batch = notice.source.id.replace(/[^\w.-]/g, '_');
  return `unreachable/${batch}/${Buffer.from(notice.noticeId).toString('base64url')}.csv`;
}

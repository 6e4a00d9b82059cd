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
 * repeated report overwrites itself). Outage and work-order notices are not
 * billing's: nothing is written for them. The `customer_unreachable` event is
 * not sent from here: notice-relay publishes it when the table records the
 * notice unreachable (sns-unreachable-events.ts), so the roles that text
 * customers (sns:Publish on `*`) publish to no topic at all (issue 12, item 8).
 */
export class S3UnreachableReporter implements UnreachableReporter {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async report(notice: Notice, at: Date): Promise<void> {
    if (notice.source.kind !== 'billing') return;
    const entry = unreachableEntry(notice, at);
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: unreachableObjectKey(notice), Body: unreachableCsv([entry]), ContentType: 'text/csv; charset=utf-8' }));
  }
}

export function unreachableObjectKey(notice: Pick<Notice, 'noticeId' | 'source'>): string {
  const batch = notice.source.id.replace(/[^\w.-]/g, '_');
  return `unreachable/${batch}/${Buffer.from(notice.noticeId).toString('base64url')}.csv`;
}

import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import type { Notice } from '../notice';

/**
 * The outbox read by source, for the local read API and tests: no deployed
 * function lists a source's notices, so it is kept out of the planner's
 * repository and so out of its bundle (issue 14's bar is 1.15x the SDK-only bundle).
 *
 * @example
 * const notices = await new OutboxReader(doc, 'hotline-local').noticesOfSource('outage', 'OUT-2026-0042');
 */
export class OutboxReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** All notices of a source (the outbox of one outage or billing batch). */
  async noticesOfSource(kind: Notice['source']['kind'], id: string): Promise<Notice[]> {
    const notices: Notice[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        IndexName: INDEX.byCustomerOrFeeder,
        KeyConditionExpression: 'gsi1pk = :source',
        ExpressionAttributeValues: { ':source': keys.noticesBySource(kind, id, '').gsi1pk },
      },
    );
    for await (const page of pages) {
      for (const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...notice } of page.Items ?? []) notices.push(notice as Notice);
    }
    return notices;
  }
}

import { GetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import type { Outage } from '../outage';

const OUTAGE_FIELDS = ['outageId', 'kind', 'areas', 'feeders', 'cause', 'etr', 'declaredAt', 'status', 'window', 'announcedEtr', 'etrRevision', 'restoredAt', 'transformers', 'suspicion', 'decision'] as const;

/**
 * Outage items read, apart from `OutageRepository`'s writes: the outbound
 * planner reads one outage and intake lists the active ones, and neither
 * bundle then carries the declare, ETR and restore updates (about 2 KiB
 * minified; issue 14's bar is 1.15x the SDK-only bundle).
 *
 * @example
 * const outage = await new OutageReader(documentClient, 'hotline-dev').get('OUT-2026-0042');
 */
export class OutageReader {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(outageId: string): Promise<Outage | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outage(outageId), ConsistentRead: true }));
    return Item ? pick(Item) : undefined;
  }

  /** One Query on the active-outage index; the registry is small (tens of items). */
  async listActive(): Promise<Outage[]> {
    const outages: Outage[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, IndexName: INDEX.byStatus, KeyConditionExpression: 'gsi2pk = :active', ExpressionAttributeValues: { ':active': keys.activeOutagesPartition } },
    );
    for await (const page of pages) for (const item of page.Items ?? []) outages.push(pick(item));
    return outages;
  }
}

function pick(item: Record<string, unknown>): Outage {
  return Object.fromEntries(OUTAGE_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Outage;
}

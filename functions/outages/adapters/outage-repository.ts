import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ACTIVE_OUTAGES_PARTITION, INDEX, keys } from '../../shared/keys';
import type { Outage } from '../outage';

const OUTAGE_FIELDS = ['outageId', 'kind', 'areas', 'feeders', 'cause', 'etr', 'declaredAt', 'status'] as const;

/** Outage items: `OUTAGE#<id>/OUTAGE`, listed while active on gsi2 `OUTAGES#ACTIVE`. */
export class OutageRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records a declared outage; redeclaring the same id overwrites it (grid operations owns the facts). */
  async declare(outage: Outage): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.outage(outage.outageId),
          ...(outage.status === 'active' ? keys.activeOutage(outage.declaredAt, outage.outageId) : {}),
          ...outage,
          reportCount: 0,
        },
      }),
    );
  }

  /** One Query on the active-outage index; the registry is small (tens of items). */
  async listActive(): Promise<Outage[]> {
    const outages: Outage[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.byStatus,
          KeyConditionExpression: 'gsi2pk = :active',
          ExpressionAttributeValues: { ':active': ACTIVE_OUTAGES_PARTITION },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) outages.push(pick(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return outages;
  }
}

function pick(item: Record<string, unknown>): Outage {
  return Object.fromEntries(OUTAGE_FIELDS.map((f) => [f, item[f]])) as unknown as Outage;
}

/**
 * Keeps the active-outage list for `ttlMs` per container, so a storm of
 * contacts costs one registry read per interval rather than one per contact.
 * A newly declared outage is seen by intake within `ttlMs`.
 */
export class CachedOutageRegistry {
  private cached: { at: number; outages: Promise<Outage[]> } | undefined;

  constructor(
    private readonly repository: Pick<OutageRepository, 'listActive'>,
    private readonly now: () => number,
    private readonly ttlMs = 15_000,
  ) {}

  listActive(): Promise<Outage[]> {
    const now = this.now();
    if (!this.cached || now - this.cached.at >= this.ttlMs) {
      const outages = this.repository.listActive();
      this.cached = { at: now, outages };
      outages.catch(() => (this.cached = undefined));
    }
    return this.cached.outages;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import type { Outage } from '../outage';
import type { OutageStore, PlanSummary } from '../ports';
import { OutageReader } from './outage-reader';

/** Statuses listed on the active index: intake attaches reports to these. */
const LISTED = new Set<Outage['status']>(['active', 'suspected']);

/** Outage items: `OUTAGE#<id>/OUTAGE`, listed while active on gsi2 `OUTAGES#ACTIVE`; the reads are `OutageReader`'s. */
export class OutageRepository extends OutageReader implements OutageStore {
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

  /** The item of a new outage: listed on the active index while active or suspected. */
  itemOf(outage: Outage): Record<string, unknown> {
    return { ...keys.outage(outage.outageId), ...(LISTED.has(outage.status) ? keys.activeOutage(outage.declaredAt, outage.outageId) : {}), ...outage, reportCount: 0 };
  }

  /** The outage API's declaration: written only if the id is new (a repeated declaration changes nothing). */
  async create(outage: Outage): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.itemOf(outage), ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async changeEtr(outageId: string, expected: Pick<Outage, 'etr' | 'etrRevision'>, next: Required<Pick<Outage, 'etr' | 'announcedEtr' | 'etrRevision'>>): Promise<boolean> {
    return this.conditionalUpdate({
      TableName: this.tableName,
      Key: keys.outage(outageId),
      UpdateExpression: 'SET etr = :etr, announcedEtr = :announced, etrRevision = :revision',
      // Seeded outages have no etrRevision yet: absent counts as 0.
      ConditionExpression: '#status = :active AND etr = :expectedEtr AND (etrRevision = :expectedRevision OR attribute_not_exists(etrRevision))',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':etr': next.etr,
        ':announced': next.announcedEtr,
        ':revision': next.etrRevision,
        ':active': 'active',
        ':expectedEtr': expected.etr,
        ':expectedRevision': expected.etrRevision ?? 0,
      },
    });
  }

  /** Restored outages leave the active index (gsi2), so intake stops attaching reports to them. */
  async restore(outageId: string, restoredAt: string): Promise<boolean> {
    return this.conditionalUpdate({
      TableName: this.tableName,
      Key: keys.outage(outageId),
      UpdateExpression: 'SET #status = :restored, restoredAt = :at REMOVE gsi2pk, gsi2sk',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':restored': 'restored', ':active': 'active', ':at': restoredAt },
    });
  }

  /** The planner's progress items of this outage (`PLAN#<plan>`), in the outage partition. */
  async plans(outageId: string): Promise<PlanSummary[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :plan)',
        ExpressionAttributeValues: { ':pk': keys.outage(outageId).pk, ':plan': 'PLAN#' },
      }),
    );
    return Items.map((item) => ({
      planKey: String(item.planKey),
      completed: item.completed === true,
      written: Number(item.written ?? 0),
      suppressed: Number(item.suppressed ?? 0),
    }));
  }

  /** Reporters attached by intake (`REPORT#` items), counted without reading them. */
  async reportCount(outageId: string): Promise<number> {
    let count = 0;
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :report)',
        ExpressionAttributeValues: { ':pk': keys.outage(outageId).pk, ':report': 'REPORT#' },
        Select: 'COUNT',
      },
    );
    for await (const page of pages) count += page.Count ?? 0;
    return count;
  }

  private async conditionalUpdate(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/**
 * How long intake trusts a cached registry that lists a suspected outage: grid operations may merge or
 * reject a suspicion at any moment (a declared outage only ends by restoration), and a report joined to
 * an ended suspicion would be linked to nothing. One registry read per container per second at most,
 * only while a suspicion is open.
 */
export const SUSPICION_TRUST_MS = 1_000;

/**
 * How long a merge or rejection waits, after ending the suspicion, before it reads the reports: a
 * container that read the registry just before the end may still join a report for
 * `SUSPICION_TRUST_MS`, the registry index may lag the end by a moment, and that report's commit
 * may be under way; the decision then takes those reports too (see docs/architecture.md).
 */
export const SUSPICION_SETTLE_MS = 3 * SUSPICION_TRUST_MS;

/**
 * Keeps the active-outage list for `ttlMs` per container, so a storm of
 * contacts costs one registry read per interval rather than one per contact.
 * A newly declared outage is seen by intake within `ttlMs`; a suspected one,
 * once the container has opened a network-fault ticket, within `soonMs`
 * (`refreshSoon`). A list that names a suspicion is trusted for `soonMs` only:
 * after a merge or rejection a warm container stops joining reports to it
 * within that time instead of `ttlMs`.
 */
export class CachedOutageRegistry {
  private cached: { at: number; outages: Promise<Outage[]>; namesSuspicion: boolean } | undefined;
  private soon = false;

  constructor(
    private readonly repository: Pick<OutageReader, 'listActive'>,
    private readonly now: () => number,
    private readonly ttlMs = 15_000,
    private readonly soonMs = SUSPICION_TRUST_MS,
  ) {}

  /**
   * A network fault under a transformer just opened its own ticket: the
   * cluster watch may open a suspicion there any moment. The next read goes
   * to the table once the list is `soonMs` old, not `ttlMs`: in a storm the
   * reports then join the suspicion about a second after it opens instead of
   * each opening a ticket and work order for up to 15 s (which the watch must
   * then close again), and still no report reads or writes an item every
   * report shares. Outside storms it costs a container one read per such
   * ticket at most.
   */
  refreshSoon(): void {
    this.soon = true;
  }

  listActive(): Promise<Outage[]> {
    const now = this.now();
    const cached = this.cached;
    if (!cached || now - cached.at >= (this.soon || cached.namesSuspicion ? this.soonMs : this.ttlMs)) {
      this.soon = false;
      const outages = this.repository.listActive();
      const entry = { at: now, outages, namesSuspicion: false };
      this.cached = entry;
      outages.then(
        (list) => (entry.namesSuspicion = list.some((o) => o.status === 'suspected')),
        () => {
          if (this.cached === entry) this.cached = undefined;
        },
      );
    }
    return this.cached!.outages;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nextDue } from '../../workorders/work-order';
import * as keys from '../../shared/keys';
import type { ClusterStore, SuspicionOpening } from '../cluster-watch';
import type { Outage, SuspicionDecision } from '../outage';
import type { AttachedReport, SuspicionStore } from '../suspicion-commands';
import { CLUSTER_SHARDS, type ClusterReport, type StormMode } from '../suspicion';
import { OutageRepository } from './outage-repository';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Deciders on one feeder conflict only at the instant a suspicion opens: a few retries settle it. */
const CLAIM_CONFLICT_RETRIES = 8;

const CLUSTER_FIELDS = ['contactKey', 'accountNumber', 'transformer', 'feeder', 'area', 'ticketId', 'orderId', 'sender', 'language', 'reportedAt', 'crewDue'] as const;

/**
 * The cluster watch's table access: cluster reports by shard, the storm-mode
 * item, suspicion items (through `OutageRepository`'s fields), and attaching a
 * report: one transaction per report, conditional on the report not being
 * attached yet, so a redelivered stream batch attaches nothing twice.
 */
export class DynamoClusterStore implements ClusterStore, SuspicionStore {
  private readonly outages: OutageRepository;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.outages = new OutageRepository(doc, tableName);
  }

  async reportsInWindow(transformer: string, windowStart: string): Promise<ClusterReport[]> {
    const shards = await Promise.all(
      Array.from({ length: CLUSTER_SHARDS }, async (_, shard) => {
        const items: ClusterReport[] = [];
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.clusterPartition(transformer, windowStart, shard) },
              ConsistentRead: true,
              ExclusiveStartKey,
            }),
          );
          for (const item of page.Items ?? []) items.push(clusterReportOf(item));
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
        return items;
      }),
    );
    return shards.flat();
  }

  async stormMode(): Promise<StormMode | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.stormMode }));
    return Item ? { on: Item.on === true, ...(typeof Item.threshold === 'number' ? { threshold: Item.threshold } : {}), changedAt: String(Item.changedAt) } : undefined;
  }

  async setStormMode(mode: StormMode): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.stormMode, ...mode } }));
  }

  get(outageId: string): Promise<Outage | undefined> {
    return this.outages.get(outageId);
  }

  listActive(): Promise<Outage[]> {
    return this.outages.listActive();
  }

  create(outage: Outage): Promise<boolean> {
    return this.outages.create(outage);
  }

  async openSuspicion(outage: Outage, takeOver?: string): Promise<SuspicionOpening> {
    const feeder = outage.suspicion?.feeder;
    if (!feeder) throw new RangeError(`${outage.outageId} is not a suspicion`);
    const claim = keys.suspicionClaim(feeder);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: this.outages.itemOf(outage), ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...claim, feeder, outageId: outage.outageId, claimedAt: outage.declaredAt },
                  ...(takeOver
                    ? { ConditionExpression: 'outageId = :ended', ExpressionAttributeValues: { ':ended': takeOver } }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
            ],
          }),
        );
        return { kind: 'opened' };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [suspicion, feederClaim] = error.CancellationReasons?.map((r) => r.Code ?? 'None') ?? [];
        if (suspicion === 'ConditionalCheckFailed') return { kind: 'exists' };
        if (feederClaim === 'ConditionalCheckFailed') {
          const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: claim, ConsistentRead: true }));
          // Taken over and gone between the two requests cannot happen (a claim is never deleted); a missing one is retried as new.
          if (typeof Item?.outageId === 'string') return { kind: 'feeder_claimed', by: Item.outageId };
          takeOver = undefined;
        } else if (!(suspicion === 'TransactionConflict' || feederClaim === 'TransactionConflict') || attempt >= CLAIM_CONFLICT_RETRIES) {
          throw error;
        }
        // Another decider's transaction on the same items: wait a little (full jitter) and look again.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20 * 2 ** Math.min(attempt, 4))));
      }
    }
  }

  async rollUp(outageId: string, transformer: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outage(outageId),
          UpdateExpression: 'SET transformers = list_append(transformers, :t), suspicion.rolledUpToFeeder = :true',
          ConditionExpression: 'NOT contains(transformers, :name)',
          ExpressionAttributeValues: { ':t': [transformer], ':name': transformer, ':true': true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async attach(outage: Outage, report: ClusterReport, at: string): Promise<'attached' | 'already'> {
    const lead = outage.suspicion?.repairTicketId === report.ticketId;
    const reportPut: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.outageReport(outage.outageId, report.contactKey),
          contactKey: report.contactKey,
          channel: report.contactKey.split('#')[0],
          sender: report.sender,
          accountNumber: report.accountNumber,
          language: report.language,
          reportedAt: report.reportedAt,
          transformer: report.transformer,
          ticketId: report.ticketId,
          ...(report.orderId ? { orderId: report.orderId } : {}),
          // The repair ticket keeps going; the others are closed into the outage until a rejection reopens them.
          ticketMerged: !lead,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const withTicket = lead ? [reportPut] : [reportPut, ...this.mergeTicket(outage.outageId, report, at)];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: withTicket }));
      return 'attached';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons?.map((r) => r.Code ?? 'None') ?? [];
      if (reasons[0] === 'ConditionalCheckFailed') return 'already';
      if (!reasons.includes('ConditionalCheckFailed')) throw error;
    }
    // An agent already moved the ticket on, or the department took the order: it keeps going; the report is attached all the same.
    try {
      await this.doc.send(new PutCommand({ ...(reportPut.Put as ConstructorParameters<typeof PutCommand>[0]), Item: { ...reportPut.Put!.Item, ticketMerged: false } }));
      return 'attached';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already';
      throw error;
    }
  }

  async confirm(outageId: string, facts: Pick<Outage, 'cause' | 'etr' | 'feeders' | 'areas'> & { readonly at: string }): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outage(outageId),
        UpdateExpression: 'SET #status = :active, cause = :cause, etr = :etr, feeders = :feeders, areas = :areas, decision = :decision',
        ConditionExpression: '#status = :suspected',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':suspected': 'suspected',
          ':cause': facts.cause,
          ':etr': facts.etr,
          ':feeders': facts.feeders,
          ':areas': facts.areas,
          ':decision': { action: 'confirmed', at: facts.at },
        },
      }),
    );
  }

  async end(outageId: string, status: 'merged' | 'rejected', decision: SuspicionDecision): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outage(outageId),
        UpdateExpression: 'SET #status = :status, decision = :decision REMOVE gsi2pk, gsi2sk',
        ConditionExpression: '#status = :suspected',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':decision': decision, ':suspected': 'suspected' },
      }),
    );
  }

  async recordDecision(outageId: string, decision: SuspicionDecision): Promise<void> {
    await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: keys.outage(outageId), UpdateExpression: 'SET decision = :d', ExpressionAttributeValues: { ':d': decision } }));
  }

  async reports(outageId: string): Promise<AttachedReport[]> {
    const reports: AttachedReport[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': keys.outage(outageId).pk, ':r': 'REPORT#' }, ConsistentRead: true },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        reports.push({
          contactKey: String(item.contactKey),
          ...(item.accountNumber ? { accountNumber: String(item.accountNumber) } : {}),
          ...(item.ticketId ? { ticketId: String(item.ticketId) } : {}),
          ticketMerged: item.ticketMerged === true,
          reopenedAsTicket: item.reopenedAsTicket === true,
          raw: item,
        });
      }
    }
    return reports;
  }

  /** One PutItem per report, 8 at a time: the API's role holds no BatchWriteItem, and a merge is rare. */
  async copyReports(into: string, reports: readonly AttachedReport[]): Promise<void> {
    const queue = [...reports];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const { pk: _pk, sk: _sk, ...rest } = r.raw;
          await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.outageReport(into, r.contactKey), ...rest } }));
        }
      }),
    );
  }

  async reopenMergedTicket(outageId: string, report: AttachedReport): Promise<boolean> {
    if (!report.ticketId) return false;
    const orderId = typeof report.raw.orderId === 'string' ? report.raw.orderId : undefined;
    const order = orderId
      ? (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.workOrder(report.ticketId, Number(orderId.split('.').pop())), ConsistentRead: true }))).Item
      : undefined;
    const at = new Date().toISOString();
    const orderBack: TransactItem[] =
      order && order.withdrawnInto === outageId
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.workOrder(report.ticketId, Number(orderId!.split('.').pop())),
                // The clocks it owed from the report's own time, back in the department's inbox.
                UpdateExpression: 'SET #due = :owed, gsi1pk = :pk, gsi1sk = :sk REMOVE withdrawnInto',
                ConditionExpression: 'withdrawnInto = :outage',
                ExpressionAttributeNames: { '#due': 'due' },
                ExpressionAttributeValues: {
                  ':owed': order.owed ?? {},
                  ...(() => {
                    const k = keys.workOrdersByDepartment(String(order.departmentId), nextDue({ due: (order.owed ?? {}) as Record<string, string> }), String(order.orderId));
                    return { ':pk': k.gsi1pk, ':sk': k.gsi1sk };
                  })(),
                  ':outage': outageId,
                },
              },
            },
          ]
        : [];
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.ticket(report.ticketId),
                UpdateExpression: 'SET #status = :new, gsi2pk = :newIndex, updatedAt = :at REMOVE mergedInto',
                ConditionExpression: 'mergedInto = :outage',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':new': 'new', ':newIndex': 'STATUS#new', ':at': at, ':outage': outageId },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(report.ticketId, at, `reopen:${outageId}`), at, kind: 'status_change', ref: 'new', text: `suspected outage ${outageId} rejected: reopened` } } },
            ...orderBack,
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.doc.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Close a report's own ticket into the outage and take its order out of the department's inbox (while nobody acted on either). */
  private mergeTicket(outageId: string, report: ClusterReport, at: string): TransactItem[] {
    const text = `merged into suspected outage ${outageId}`;
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.ticket(report.ticketId),
          UpdateExpression: 'SET #status = :closed, gsi2pk = :closedIndex, mergedInto = :outage, updatedAt = :at',
          ConditionExpression: '#status = :new',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':closedIndex': 'STATUS#closed', ':outage': outageId, ':at': at, ':new': 'new' },
        },
      },
      { Put: { TableName: this.tableName, Item: { ...keys.timelineEntry(report.ticketId, at, `merge:${outageId}`), at, kind: 'status_change', ref: 'closed', text } } },
      ...(report.orderId
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.workOrder(report.ticketId, Number(report.orderId.split('.').pop())),
                UpdateExpression: 'SET withdrawnInto = :outage, #due = :none, updatedAt = :at REMOVE gsi1pk, gsi1sk',
                ConditionExpression: '#state = :open',
                ExpressionAttributeNames: { '#state': 'state', '#due': 'due' },
                ExpressionAttributeValues: { ':outage': outageId, ':none': {}, ':at': at, ':open': 'open' },
              },
            } satisfies TransactItem,
          ]
        : []),
    ];
  }
}

/** A cluster report item (or its stream image, unmarshalled) as the domain's `ClusterReport`. */
export function clusterReportOf(item: Record<string, unknown>): ClusterReport {
  return Object.fromEntries(CLUSTER_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as ClusterReport;
}

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { publishEmf } from '../../shared/emf';
import * as keys from '../../shared/keys';
import { INDEX } from '../../shared/table-design';
import { TICKET_STATUSES, TICKET_TYPES, type TicketType } from '../../tickets/ticket';
import { AlreadyReviewedError } from '../errors';
import { outageCheckMetrics, QUALITY_METRICS, qualityDimensions, reviewMetrics } from '../metrics';
import type { AgentDay, AgentScores, SampleItem } from '../quality';

/**
 * The quality items on the single table: the day's sample (`QUALITY#SAMPLE#<day>`),
 * review and outage-check counters per day, agents' scores per month, and
 * the agents' call days the KPI ingestion writes (`KPIAGENT#<day>`).
 *
 * @example
 * const quality = new DynamoQuality(documentClient, 'hotline-local');
 */
export class DynamoQuality {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Tickets opened in [from, to) (instants), every status and type (gsi2: one Query each). */
  async ticketsOpened(from: string, to: string): Promise<{ ticketId: string; type: TicketType; confidential: boolean }[]> {
    const out: { ticketId: string; type: TicketType; confidential: boolean }[] = [];
    for (const status of TICKET_STATUSES) {
      for (const type of TICKET_TYPES) {
        const { gsi2pk } = keys.ticketsByStatus(status, type, '', '');
        const bounds = (at: string) => keys.ticketsByStatus(status, type, at, '').gsi2sk;
        const items = await this.all({
          TableName: this.tableName,
          IndexName: INDEX.byStatus,
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': gsi2pk, ':from': bounds(from), ':to': bounds(to) },
          ProjectionExpression: 'ticketId, #type, confidential, createdAt',
          ExpressionAttributeNames: { '#type': 'type' },
        });
        for (const item of items) if (String(item.createdAt) < to) out.push({ ticketId: String(item.ticketId), type: item.type as TicketType, confidential: item.confidential === true });
      }
    }
    return out;
  }

  /** Writes the sample items not written yet (a second draw of the day changes nothing). */
  async saveSample(items: readonly SampleItem[]): Promise<void> {
    for (const item of items) {
      try {
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.qualitySample(item.day, item.ticketId), ...item }, ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async sample(day: string): Promise<SampleItem[]> {
    const items = await this.all({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.qualitySample(day, '').pk } });
    return items.map(({ pk: _pk, sk: _sk, ...item }) => item as unknown as SampleItem);
  }

  async sampleItem(day: string, ticketId: string): Promise<SampleItem | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.qualitySample(day, ticketId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...item } = Item;
    return item as SampleItem;
  }

  /** The review and its counters, once: the same verdict again answers the item; another is AlreadyReviewedError. */
  async review(item: SampleItem, verdict: { correct: boolean; keyFieldsCorrect?: boolean }, by: string, at: string): Promise<SampleItem> {
    const reviewed: SampleItem = { ...item, ...verdict, reviewedAt: at, reviewedBy: by };
    const counters = [`reviewed_${item.kind}`, ...(verdict.correct ? [`correct_${item.kind}`] : []), ...(verdict.keyFieldsCorrect ? [`keyFieldsCorrect_${item.kind}`] : [])];
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.qualitySample(item.day, item.ticketId), ...reviewed }, ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(reviewedAt)' } },
            this.add(keys.qualityReviewCounter(item.day), counters),
          ],
        }),
      );
      // Counted once, with the transaction that counted it: the dashboard's correctness lines (quality/metrics.ts).
      publishEmf(QUALITY_METRICS.namespace, qualityDimensions(this.tableName, { kind: item.kind }), reviewMetrics(verdict), new Date(at));
      return reviewed;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const current = await this.sampleItem(item.day, item.ticketId);
      if (current?.reviewedAt && current.correct === verdict.correct && current.keyFieldsCorrect === verdict.keyFieldsCorrect) return current;
      throw new AlreadyReviewedError(item.ticketId, { cause: error });
    }
  }

  /** An outage's information checked (once per outage), counted on the day of the check. */
  async checkOutage(outageId: string, correct: boolean, by: string, at: string, day: string): Promise<{ recorded: boolean }> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.outageCheck(outageId), outageId, correct, checkedBy: by, checkedAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
            this.add(keys.outageCheckCounter(day), ['checked', ...(correct ? ['correct'] : [])]),
          ],
        }),
      );
      publishEmf(QUALITY_METRICS.namespace, qualityDimensions(this.tableName), outageCheckMetrics(correct), new Date(at));
      return { recorded: true };
    } catch (error) {
      if (error instanceof TransactionCanceledException) return { recorded: false };
      throw error;
    }
  }

  async saveScores(scores: AgentScores): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.agentScores(scores.month, scores.agentId), ...scores } }));
  }

  async scores(month: string): Promise<AgentScores[]> {
    const items = await this.all({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.agentScores(month, '').pk } });
    return items.map(({ pk: _pk, sk: _sk, ...item }) => item as unknown as AgentScores);
  }

  /** A day-counter partition (`QUALITY#REVIEWS`, `QUALITY#OUTAGECHECKS`) summed over [fromDay, toDay]. */
  async counters(pk: string, fromDay: string, toDay: string): Promise<Record<string, number>> {
    const sums: Record<string, number> = {};
    const items = await this.all({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': fromDay, ':to': toDay } });
    for (const item of items) for (const [name, value] of Object.entries(item)) if (typeof value === 'number') sums[name] = (sums[name] ?? 0) + value;
    return sums;
  }

  /** The agents' call days over the local days given, summed per agent. */
  async agentDays(days: readonly string[]): Promise<AgentDay[]> {
    const sums = new Map<string, AgentDay>();
    for (const day of days) {
      const items = await this.all({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.kpiAgentDay(day, '').pk } });
      for (const item of items) {
        const agentId = String(item.sk);
        const before = sums.get(agentId) ?? { agentId, handled: 0, talkSeconds: 0, afterCallWorkSeconds: 0, transferred: 0 };
        sums.set(agentId, {
          agentId,
          handled: before.handled + Number(item.handled ?? 0),
          talkSeconds: before.talkSeconds + Number(item.talkSeconds ?? 0),
          afterCallWorkSeconds: before.afterCallWorkSeconds + Number(item.afterCallWorkSeconds ?? 0),
          transferred: before.transferred + Number(item.transferred ?? 0),
        });
      }
    }
    return [...sums.values()].sort((a, b) => a.agentId.localeCompare(b.agentId));
  }

  private add(key: { pk: string; sk: string }, names: readonly string[]) {
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :one`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
        ExpressionAttributeValues: { ':one': 1 },
      },
    };
  }

  private async all(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.doc }, input)) out.push(...(page.Items ?? []));
    return out;
  }
}

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { ZERO_COUNTS, type IntervalCounts } from '../kpi';
import type { AgentCall, KpiRepository } from '../ports';

const COUNT_NAMES = Object.keys(ZERO_COUNTS) as (keyof IntervalCounts)[];
/** Seen-record and caller items live a little longer than the repeat window. */
const KEEP_SECONDS = 8 * 86_400;

/** Interval aggregates `KPI#PT15M` / `<start>`, added to with ADD, one transaction per record. */
export class DynamoKpiRepository implements KpiRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hadContactBetween(callerTag: string, from: string, before: string): Promise<boolean> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :before',
        ExpressionAttributeValues: { ':pk': keys.kpiCallerContact(callerTag, '').pk, ':from': from, ':before': before },
        Limit: 2,
      }),
    );
    return (Items ?? []).some((item) => String(item.sk) < before);
  }

  async addOnce(contactId: string, interval: string, counts: IntervalCounts, caller?: { tag: string; at: string }, agent?: AgentCall): Promise<boolean> {
    const expiresAt = Math.floor(Date.now() / 1000) + KEEP_SECONDS;
    const names = Object.fromEntries(COUNT_NAMES.map((n, i) => [`#c${i}`, n]));
    const values = Object.fromEntries(COUNT_NAMES.map((n, i) => [`:c${i}`, counts[n]]));
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.kpiContactRecord(contactId), interval, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.kpiInterval(interval),
                UpdateExpression: `SET intervalStart = :start ADD ${COUNT_NAMES.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: { ...values, ':start': interval },
              },
            },
            ...(caller ? [{ Put: { TableName: this.tableName, Item: { ...keys.kpiCallerContact(caller.tag, caller.at), expiresAt } } }] : []),
            ...(agent
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: keys.kpiAgentDay(agent.day, agent.agentId),
                      UpdateExpression: 'ADD handled :one, talkSeconds :talk, afterCallWorkSeconds :acw, transferred :transferred',
                      ExpressionAttributeValues: { ':one': 1, ':talk': agent.talkSeconds, ':acw': agent.afterCallWorkSeconds, ':transferred': agent.transferred },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async intervals(from: string, to: string): Promise<{ start: string; counts: IntervalCounts }[]> {
    const result: { start: string; counts: IntervalCounts }[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.kpiInterval('').pk, ':from': from, ':to': to },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        result.push({ start: String(item.sk), counts: Object.fromEntries(COUNT_NAMES.map((n) => [n, Number(item[n] ?? 0)])) as unknown as IntervalCounts });
      }
    }
    return result;
  }
}

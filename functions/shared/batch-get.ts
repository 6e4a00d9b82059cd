/**
 * BatchGetItem over any number of keys: 100 keys a request, the keys
 * DynamoDB left unprocessed asked again with backoff, a bounded number of
 * rounds (a table that keeps refusing fails the caller, who retries; it never
 * spins).
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Most keys one BatchGetItem takes. */
const BATCH_GET_MAX = 100;
/** Requests for one chunk of keys before giving up. */
const MAX_ROUNDS = 8;

export interface BatchGetOptions {
  readonly projection?: string;
  readonly names?: Record<string, string>;
  /** Strongly consistent reads (twice the read units). */
  readonly consistent?: boolean;
  /** The error thrown when keys are still unprocessed after the last round (the caller's own, so its handler knows it). */
  readonly incomplete?: (message: string) => Error;
}

/**
 * The items found for `keyList` (repeated keys are read once: BatchGetItem
 * refuses a request that repeats one), in no particular order.
 *
 * @example
 * const items = await batchGetAll(doc, table, ids.map((id) => keys.notice(id)), { projection: 'pk', consistent: true });
 */
export async function batchGetAll(doc: DynamoDBDocumentClient, tableName: string, keyList: readonly Record<string, string>[], options: BatchGetOptions = {}): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keyList.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_MAX);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw (options.incomplete ?? ((message) => new Error(message)))(`${pending.length} key(s) still unprocessed after ${round} BatchGetItem rounds`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** round) * (0.5 + Math.random() / 2)));
      const { Responses, UnprocessedKeys } = await doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ProjectionExpression: options.projection, ExpressionAttributeNames: options.names, ConsistentRead: options.consistent } },
        }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OPS_API_COUNTED_PARTITIONS, OPS_API_READ_PARTITIONS, OPS_API_WRITTEN_PARTITIONS } from '../../lib/back-office-stack';

/** One item-level request as IAM authorises it: its action, the partition (pk) it names, or the index it queries. */
export interface TableRequest {
  readonly action: string;
  readonly partition?: string;
  readonly index?: string;
  /** A Query's `Select` (`COUNT` reads no item). */
  readonly select?: string;
}

type Input = Record<string, unknown> & {
  Key?: { pk?: string };
  Item?: { pk?: string };
  IndexName?: string;
  Select?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, unknown>;
  TransactItems?: Record<string, { Key?: { pk?: string }; Item?: { pk?: string } }>[];
};

/**
 * Records every request a document client sends, split as IAM sees it
 * (a transaction is one PutItem/UpdateItem/... per item).
 *
 * @example
 * const requests = recordTableRequests(documentClient);
 */
export function recordTableRequests(client: DynamoDBDocumentClient): TableRequest[] {
  const requests: TableRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? '').replace(/Command$/, '');
      requests.push(...asIamRequests(command, args.input as Input));
      return next(args);
    },
    { step: 'initialize', name: 'recordTableRequests' },
  );
  return requests;
}

function asIamRequests(command: string, input: Input): TableRequest[] {
  if (command === 'TransactWriteItems') {
    const names: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
    return (input.TransactItems ?? []).flatMap((item) => Object.entries(item).map(([kind, op]) => ({ action: names[kind] ?? kind, partition: op.Key?.pk ?? op.Item?.pk })));
  }
  if (command === 'Query') {
    if (input.IndexName) return [{ action: 'Query', index: input.IndexName }];
    const name = /^\s*pk\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? '')?.[1];
    return [{ action: 'Query', partition: name ? String(input.ExpressionAttributeValues?.[name]) : undefined, ...(input.Select ? { select: input.Select } : {}) }];
  }
  return [{ action: command, partition: input.Key?.pk ?? input.Item?.pk }];
}

/** IAM's StringLike: `*` any run of characters, `?` exactly one. */
const like = (patterns: readonly string[], value: string | undefined) =>
  value !== undefined &&
  patterns.some((p) => new RegExp(`^${[...p].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`).test(value));

/**
 * The requests ops-api's IAM policy (lib/back-office-stack.ts) would refuse:
 * reads outside the partitions it names (an outage's only counted, `Select: COUNT`),
 * writes outside the ones it names, index queries beyond gsi1 and gsi2, and any other action.
 *
 * @example
 * expect(refusedByOpsApiPolicy(requests)).toEqual([]);
 */
export function refusedByOpsApiPolicy(requests: readonly TableRequest[]): TableRequest[] {
  return requests.filter((r) => {
    if (r.action === 'Query' && r.index) return !['gsi1', 'gsi2'].includes(r.index);
    if (r.action === 'Query' && r.select === 'COUNT' && like(OPS_API_COUNTED_PARTITIONS, r.partition)) return false;
    if (r.action === 'Query' || r.action === 'GetItem') return !like(OPS_API_READ_PARTITIONS, r.partition);
    if (r.action === 'PutItem' || r.action === 'UpdateItem') return !like(OPS_API_WRITTEN_PARTITIONS, r.partition);
    return true;
  });
}

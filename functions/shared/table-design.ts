/**
 * The one DynamoDB table, described as plain data so the CDK stateful stack
 * and the local runtime build it from the same definition.
 *
 * Key layout and access patterns are documented in docs/architecture.md;
 * the key builders live in `keys.ts`.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDesign {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDesign {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDesign[];
  readonly timeToLiveAttribute: string;
}

export const HOTLINE_TABLE: TableDesign = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    // Tickets by customer; customers by feeder (outage fan-out).
    { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    // Tickets by status (then type and time); active outages.
    { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** The indexes above by the access they serve, for a query's `IndexName`. */
export const INDEX = { byCustomerOrFeeder: 'gsi1', byStatus: 'gsi2', byDelivery: 'gsi2' } as const;

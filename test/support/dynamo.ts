import { inject } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable, localDynamoClient } from '../../local/dynamodb-local';

/**
 * A fresh table on the run's DynamoDB Local, one per test file.
 *
 * @example
 * const { doc, tableName } = await freshTable('intake');
 */
export async function freshTable(prefix: string) {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const tableName = `${prefix}-${process.pid}-${Date.now().toString(36)}`;
  await createTable(client, tableName);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc, tableName, endpoint: inject('dynamoEndpoint') };
}

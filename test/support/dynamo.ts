import { inject, vi } from 'vitest';
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

/**
 * The environment a handler reads at import, pointed at this run's DynamoDB
 * Local with fake credentials and quiet logs; `extra` adds what the function needs.
 *
 * @example
 * stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: QUEUE_URL });
 * ({ handler } = await import('../../functions/sms/handlers/inbound-sms'));
 */
export function stubFunctionEnvironment(table: { tableName: string; endpoint: string }, extra: Record<string, string> = {}): void {
  const env = {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

/** The outbound functions' queues, bucket and topic (functions/outbound/config.ts), as fake AWS names for SDK mocks to match. */
export const OUTBOUND_TEST_RESOURCES = {
  REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/rejected',
  DISPATCH_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/dispatch',
  PRIORITY_DISPATCH_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/111122223333/dispatch-priority',
  BILLING_BUCKET: 'billing-bucket',
  UNREACHABLE_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:111122223333:unreachable',
} as const;

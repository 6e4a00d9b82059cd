import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local';

/**
 * Two DynamoDB Locals per test run (about 3 s each to start): one where each
 * integration file makes its own table, and one that holds the tables of the
 * local runtimes the e2e tests start (setup.ts). Two, not one: DynamoDB Local
 * with -sharedDb serialises writes on one lock, and a runtime's load must not
 * time out an integration test's burst of concurrent transactions.
 */
export default async function setup(project: TestProject) {
  const [ddb, runtimes] = await Promise.all([startDynamoDbLocal(), startDynamoDbLocal()]);
  project.provide('dynamoEndpoint', ddb.endpoint);
  project.provide('runtimeDynamoEndpoint', runtimes.endpoint);
  return async () => {
    await Promise.all([ddb.stop(), runtimes.stop()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    runtimeDynamoEndpoint: string;
  }
}

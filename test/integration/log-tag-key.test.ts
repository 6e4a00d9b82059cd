import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

// Secrets Manager is mocked at the SDK boundary; DynamoDB is the real DynamoDB Local.
const secretsMock = mockClient(SecretsManagerClient);
const context = { functionName: 'kpi-ingest', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const SECRET_NAME = 'hotline-dev/log-tag-key';
const STAGE_KEY = 'k3y-from-secrets-manager-not-the-environment';
type Handler = (event: unknown, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/** The handler as a fresh container imports it, with this environment. */
async function coldStart(env: Record<string, string>) {
  const setup = await freshTable('log-tag-key');
  stubFunctionEnvironment(setup, { POWERTOOLS_METRICS_DISABLED: 'true', ...env });
  vi.resetModules();
  const { handler } = (await import('../../functions/kpis/handlers/ingest-contact-records')) as { handler: Handler };
  return { setup, handler };
}

async function callerTags(setup: Awaited<ReturnType<typeof freshTable>>, phone: string, key: string) {
  const tag = `ph_${createHmac('sha256', key).update(phone).digest('hex').slice(0, 10)}`;
  const { Items } = await setup.doc.send(new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `KPICALLER#${tag}` } }));
  return Items ?? [];
}

/** A caller of the sample records (events/connect/contact-records-sample-day.json). */
const CALLER = '+8613800000103';

beforeEach(() => {
  secretsMock.reset();
  vi.unstubAllEnvs();
});

describe('the log tag key at run time', () => {
  it('is read from Secrets Manager (once per container), never from the environment, and keys the repeat-caller tags', async () => {
    secretsMock.on(GetSecretValueCommand, { SecretId: SECRET_NAME }).resolves({ SecretString: STAGE_KEY });
    const { setup, handler } = await coldStart({ LOG_TAG_KEY: '', LOG_TAG_KEY_SECRET: SECRET_NAME, LOG_TAG_KEY_REGION: 'ap-southeast-1' });
    expect(await handler(loadEvent('connect/kinesis-contact-records.json'), context)).toEqual({ batchItemFailures: [] });
    await handler(loadEvent('connect/kinesis-contact-records.json'), context);
    expect(secretsMock).toReceiveCommandTimes(GetSecretValueCommand, 1);
    expect(await callerTags(setup, CALLER, STAGE_KEY)).not.toHaveLength(0);
  });

  it('fails closed where there is no key: nothing tagged with an unkeyed hash, the records are retried', async () => {
    const { setup, handler } = await coldStart({ LOG_TAG_KEY: '' });
    const result = await handler(loadEvent('connect/kinesis-contact-records.json'), context);
    expect(result.batchItemFailures).not.toHaveLength(0);
    const unkeyed = `ph_${(await import('node:crypto')).createHash('sha256').update(CALLER).digest('hex').slice(0, 10)}`;
    const { Items } = await setup.doc.send(new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `KPICALLER#${unkeyed}` } }));
    expect(Items ?? []).toHaveLength(0);
  });

  it('fails closed with LogTagKeyMissingError when the secret cannot be read', async () => {
    secretsMock.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'Secrets Manager can’t find the specified secret.', $metadata: {} }));
    const { handler } = await coldStart({ LOG_TAG_KEY: '', LOG_TAG_KEY_SECRET: SECRET_NAME });
    await expect(handler(loadEvent('connect/kinesis-contact-records.json'), context)).rejects.toMatchObject({ name: 'LogTagKeyMissingError' });
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient, LOCAL_AWS } from '../../local/dynamodb-local';
import type { DlqEntry, OutboxEntry } from '../../local/outbox';
import { OWN_DYNAMODB, startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { smsEvent } from '../support/events';

const run = promisify(execFile);
/** This helper's own port (the brief's), so a person's `npm start` on 3000 is never touched. */
const PORT = 3105;
const TEXTS = 40;
const KILL_AFTER = 12;

describe('killing DynamoDB Local during a stream of texts loses nothing that npm run replay cannot bring back', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let lambda: LambdaClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-resilience-'));
    // Short waits before Lambda's two retries, so some texts run out of attempts while Java starts again.
    // Its own DynamoDB Local, not the suite's: this test kills it.
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: PORT, quiet: true, seedCustomers: 0, asyncRetryDelaysMs: [300, 600], dynamodbEndpoint: OWN_DYNAMODB });
    lambda = new LambdaClient({ ...LOCAL_AWS, endpoint: runtime.url, maxAttempts: 1 });
  }, 180_000);

  afterAll(async () => {
    lambda?.destroy();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const phoneOf = (i: number) => `+86139${String(i).padStart(8, '0')}`;

  async function health(): Promise<{ status: number; body: { parts: { dynamodb: { state: string; pid?: number; restarts: number } } } }> {
    // Answered within a second whatever DynamoDB Local is doing: the fetch gives up after one.
    const response = await fetch(`${runtime.url}/health`, { signal: AbortSignal.timeout(1_000) });
    return { status: response.status, body: (await response.json()) as never };
  }

  async function ticketsByOpener(): Promise<Map<string, number>> {
    const doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
    const count = new Map<string, number>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: runtime.tableName, FilterExpression: 'sk = :t', ExpressionAttributeValues: { ':t': 'TICKET' }, ExclusiveStartKey }));
      for (const item of page.Items ?? []) count.set(item.openedBy as string, (count.get(item.openedBy as string) ?? 0) + 1);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    doc.destroy();
    return count;
  }

  async function npmRunReplay(): Promise<string> {
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), ['bin/replay.ts', '--url', runtime.url], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, timeout: 180_000 });
    return stdout;
  }

  it('restarts DynamoDB Local, keeps what failed three times in /dlq, and the replay makes every text one ticket, once', async () => {
    const before = await health();
    expect(before.status).toBe(200);
    const firstPid = before.body.parts.dynamodb.pid!;

    let healthWhileDown: Awaited<ReturnType<typeof health>> | undefined;
    for (let i = 0; i < TEXTS; i++) {
      const event = smsEvent({ inboundMessageId: `storm-${i}`, originationNumber: phoneOf(i), messageBody: i % 2 ? '电费怎么这么高' : 'complaint: nobody answered the phone' });
      const accepted = await lambda.send(new InvokeCommand({ FunctionName: 'sms-inbound', InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }));
      expect(accepted.StatusCode).toBe(202);
      if (i === KILL_AFTER) {
        process.kill(firstPid, 'SIGKILL');
        healthWhileDown = await health();
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(healthWhileDown?.status).toBe(503);
    expect(['restarting', 'not_answering']).toContain(healthWhileDown?.body.parts.dynamodb.state);

    await runtime.dynamodb.whenUp();
    await runtime.asyncInvocations.settled();
    // Java answers slowly for a while after its start on a busy machine: /health says so (503) until it answers within 0.7 s.
    let after = await health();
    for (let tries = 0; after.status !== 200 && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await health();
    }
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.parts.dynamodb.restarts).toBe(1);
    expect(after.body.parts.dynamodb.pid).not.toBe(firstPid);
    expect(runtime.asyncInvocations.totals.retried).toBeGreaterThan(0);

    const dlq = ((await (await fetch(`${runtime.url}/dlq`)).json()) as { entries: DlqEntry[] }).entries;
    expect(dlq).toEqual(readFileSync(join(dataDir, 'dlq.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)));
    const keptTexts = dlq.filter((e) => e.function === 'sms-inbound');
    expect(keptTexts.length).toBe(runtime.asyncInvocations.totals.kept);
    for (const entry of keptTexts) expect(entry.attributes).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: '3' });

    const report = await npmRunReplay();
    expect(report).toContain(`replay: ${dlq.length} replayed, 0 failed`);

    const tickets = await ticketsByOpener();
    for (let i = 0; i < TEXTS; i++) expect(tickets.get(phoneOf(i)), `tickets of text ${i}`).toBe(1);
    const outbox = ((await (await fetch(`${runtime.url}/outbox`)).json()) as { entries: OutboxEntry[] }).entries;
    for (let i = 0; i < TEXTS; i++) expect(outbox.filter((e) => e.to === phoneOf(i)).length, `replies to text ${i}`).toBeLessThanOrEqual(1);

    // Replaying again brings nothing twice: the ledger remembers what came back.
    expect(await npmRunReplay()).toContain('replay: 0 replayed, 0 failed');
    expect(await ticketsByOpener()).toEqual(tickets);
  }, 600_000);
});

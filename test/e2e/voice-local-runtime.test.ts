import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { loginAs } from '../support/login';

interface FlowEvent {
  Details: { ContactData: { ContactId: string }; Parameters: Record<string, string> };
}

function connectEvent(name: string): FlowEvent {
  return JSON.parse(readFileSync(new URL(`../../events/connect/${name}`, import.meta.url), 'utf8'));
}

/** Issue 3, "Done when", through the local Lambda Invoke API with the seeded data (outage on HZ-XIHU-F02). */
describe('voice-ivr over the local Lambda Invoke API', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let lambda: LambdaClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-voice-e2e-'));
    // EMF metric lines (kpi-ingest) would only bury the test report.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true });
    lambda = new LambdaClient({ ...LOCAL_AWS, endpoint: runtime.url, maxAttempts: 1 });
  });

  afterAll(async () => {
    lambda?.destroy();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function invoke(event: unknown): Promise<Record<string, string>> {
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'voice-ivr', Payload: new TextEncoder().encode(JSON.stringify(event)) }));
    expect(output.FunctionError).toBeUndefined();
    return JSON.parse(new TextDecoder().decode(output.Payload));
  }

  it('tells a caller inside the seeded outage cause and ETR, and the same ContactId again attaches nothing', async () => {
    const event = connectEvent('ivr-outage-check.json');
    const first = await invoke(event);
    expect(first).toMatchObject({ result: 'outage', attached: 'true' });
    expect(first.prompt).toContain('电缆故障');
    expect(await invoke(event)).toMatchObject({ result: 'outage', attached: 'false' });
  });

  it('gives no balance without the PIN, and the balance with it', async () => {
    expect(await invoke(connectEvent('ivr-account-summary.json'))).toMatchObject({ result: 'not_verified' });
    const verify = connectEvent('ivr-verify-pin.json');
    expect(await invoke(verify)).toMatchObject({ result: 'verified' });
    const summary = await invoke(connectEvent('ivr-account-summary.json'));
    expect(summary).toMatchObject({ result: 'ok' });
    expect(summary.prompt).toMatch(/\d+\.\d\d元/);
  });

  it('records a keypad fault after the read-back and hands the agent its ticket number and type', async () => {
    expect(await invoke(connectEvent('ivr-report-fault.json'))).toMatchObject({ result: 'read_back' });
    const saved = await invoke(connectEvent('ivr-confirm-fault.json'));
    expect(saved).toMatchObject({ result: 'saved', ticketType: 'fault_report' });
    expect(await invoke(connectEvent('ivr-handoff.json'))).toMatchObject({ ticketNumber: saved.ticketNumber, ticketType: 'fault_report', route: 'agent' });
    const ticket = await fetch(`${runtime.url}/tickets/${saved.ticketNumber}`, { headers: await loginAs(runtime.url, 'agent') });
    expect(ticket.status).toBe(200);
  });

  it('turns a day of sample contact records into the KPI table at GET /kpis', async () => {
    const records = JSON.parse(readFileSync(new URL('../../events/connect/kinesis-contact-records.json', import.meta.url), 'utf8'));
    const output = await lambda.send(new InvokeCommand({ FunctionName: 'kpi-ingest', Payload: new TextEncoder().encode(JSON.stringify(records)) }));
    expect(output.FunctionError).toBeUndefined();
    const response = await fetch(`${runtime.url}/kpis?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z`);
    const body = (await response.json()) as { indicators: { name: string; value?: number; target: string }[] };
    expect(response.status).toBe(200);
    expect(body.indicators).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'offered', value: 7 }),
        expect.objectContaining({ name: 'average talk time', value: 128, target: '<= 150 s' }),
        expect.objectContaining({ name: 'transfer rate', value: 0.2, target: '<= 3%' }),
      ]),
    );
    expect((await fetch(`${runtime.url}/kpis?from=tomorrow`)).status).toBe(400);
  });
});

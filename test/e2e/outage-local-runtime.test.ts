import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import type { Notice } from '../../functions/outbound/notice';
import { LOCAL_OUTAGE_API_KEY } from '../../local/outage-planning';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { loadEvent, smsDeliveryLogEvent, smsEvent } from '../support/events';

const SEEDED = 80;
const customers = syntheticCustomers(SEEDED);
const AREA = customers[0]!.area;
const inArea = customers.filter((c) => c.area === AREA);
const important = inArea.filter((c) => c.important);
const stopper = inArea.find((c) => !c.important)!;
const reporter = inArea.find((c) => c !== stopper && !c.important)!;

describe('outage notices through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-outage-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: SEEDED });
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function api(method: string, path: string, body?: unknown) {
    const response = await fetch(`${runtime.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-api-key': LOCAL_OUTAGE_API_KEY }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function sms(phone: string, text: string, id: string) {
    await fetch(`${runtime.url}/2015-03-31/functions/sms-inbound/invocations`, { method: 'POST', body: JSON.stringify(smsEvent({ originationNumber: phone, messageBody: text, inboundMessageId: id })) });
  }

  async function notices(template: Notice['template'], status?: Notice['status']): Promise<Notice[]> {
    const { body } = await api('GET', '/notices?source=outage:OUT-E2E');
    return (body.notices as Notice[]).filter((n) => n.template === template && (status === undefined || n.status === status));
  }

  const etr = new Date(Date.now() + 3 * 3_600_000);

  it('declaring an area outage: one initial SMS per customer, a call for important ones, none sendable to a STOP number', async () => {
    await sms(stopper.phones[0]!, 'STOP', 'e2e-stop');
    expect((await api('POST', '/outages', { outageId: 'OUT-E2E', kind: 'unplanned', areas: [AREA], cause: { 'zh-CN': '线路故障', en: 'a line fault' }, etr: etr.toISOString() })).status).toBe(201);
    const pending = await notices('outage_initial', 'pending');
    const sms_ = pending.filter((n) => n.channel === 'sms');
    expect(sms_.map((n) => n.accountNumber).sort()).toEqual(inArea.filter((c) => c !== stopper).map((c) => c.accountNumber).sort());
    expect(pending.filter((n) => n.channel === 'voice').map((n) => n.accountNumber).sort()).toEqual(important.map((c) => c.accountNumber).sort());
    expect(pending.some((n) => n.to === stopper.phones[0])).toBe(false);
  });

  it('an ETR moved by 5 minutes adds nothing; by 2 hours one update each', async () => {
    const before = (await api('GET', '/notices?source=outage:OUT-E2E')).body.notices as Notice[];
    await api('PUT', '/outages/OUT-E2E/etr', { etr: new Date(etr.getTime() + 5 * 60_000).toISOString() });
    expect((await api('GET', '/notices?source=outage:OUT-E2E')).body.notices).toHaveLength(before.length);
    await api('PUT', '/outages/OUT-E2E/etr', { etr: new Date(etr.getTime() + 2 * 3_600_000).toISOString() });
    const updates = (await notices('outage_etr_changed')).filter((n) => n.channel === 'sms');
    expect(updates.map((n) => n.accountNumber).sort()).toEqual(inArea.map((c) => c.accountNumber).sort());
  });

  it('restoring gives one restoration notice each, the reporter included once, and GET /outages/{id} counts them', async () => {
    await sms(reporter.phones[0]!, '我家停电了', 'e2e-fault');
    const described = await api('GET', '/outages/OUT-E2E');
    expect(described.body).toMatchObject({ reports: 1 });
    expect((await api('POST', '/outages/OUT-E2E/restore')).status).toBe(200);
    const restored = (await notices('outage_restored')).filter((n) => n.channel === 'sms');
    expect(restored.map((n) => n.accountNumber).sort()).toEqual(inArea.map((c) => c.accountNumber).sort());
    const counts = (await api('GET', '/outages/OUT-E2E')).body.notices as { planKey: string; written: number; completed: boolean }[];
    expect(counts.map((c) => c.planKey).sort()).toEqual(['etr_changed-r1', 'initial', 'restored']);
    expect(counts.every((c) => c.completed)).toBe(true);
  });

  it('the dispatcher sends them: texts to everyone affected, calls to important customers, nothing to the STOP number', async () => {
    const before = ((await api('GET', '/outbox')).body.entries as unknown[]).length;
    const { body } = await api('POST', '/dispatch', { at: new Date().toISOString() });
    expect(body.outcomes).toMatchObject({ sent: expect.any(Number) });
    // What this dispatch pass sent (earlier entries are the replies to the reporters' texts).
    const outbox = ((await api('GET', '/outbox')).body.entries as { channel: string; to: string; text?: string }[]).slice(before);
    const outageTexts = outbox.filter((e) => e.channel === 'sms' && /线路故障|a line fault/.test(e.text ?? ''));
    const texted = new Set(outageTexts.map((e) => e.to));
    for (const customer of inArea.filter((c) => c !== stopper)) expect(texted.has(customer.phones[0]!)).toBe(true);
    expect(texted.has(stopper.phones[0]!)).toBe(false);
    const called = new Set(outbox.filter((e) => e.channel === 'voice').map((e) => e.to));
    for (const customer of important.filter((c) => c !== stopper)) expect(called.has(customer.phones[0]!)).toBe(true);
    // Important customers first: every text and call to them comes before any text to anyone else.
    const importantPhones = new Set(important.map((c) => c.phones[0]!));
    const firstOrdinary = outageTexts.findIndex((e) => !importantPhones.has(e.to));
    const outageEntries = outbox.filter((e) => e.channel === 'voice' || outageTexts.includes(e));
    const lastImportant = outageEntries.map((e) => importantPhones.has(e.to)).lastIndexOf(true);
    expect(firstOrdinary).toBeGreaterThanOrEqual(0);
    expect(lastImportant).toBeLessThan(outageEntries.indexOf(outageTexts[firstOrdinary]!));
  });

  it('delivery receipts: an answered call and an accepted text become delivered, an undelivered text waits for another attempt', async () => {
    const voice = (await notices('outage_initial', 'sent')).find((n) => n.channel === 'voice')!;
    const [textA, textB] = (await notices('outage_initial', 'sent')).filter((n) => n.channel === 'sms');
    const call = loadEvent<{ detail: Record<string, unknown> }>('outbound/connect-outbound-call-disconnected.json');
    call.detail.contactId = voice.providerMessageId;
    const invoke = async (event: unknown) => (await fetch(`${runtime.url}/2015-03-31/functions/delivery-receipts/invocations`, { method: 'POST', body: JSON.stringify(event) })).json();
    expect(await invoke(call)).toMatchObject({ outcomes: { delivered: 1 } });
    const logs = smsDeliveryLogEvent([
      { messageId: textA!.providerMessageId!, status: 'SUCCESS' },
      { messageId: textB!.providerMessageId!, status: 'FAILURE' },
    ]);
    expect(await invoke(logs)).toMatchObject({ outcomes: { delivered: 1, retrying: 1 } });
    const after = new Map((await notices('outage_initial')).map((n) => [n.noticeId, n]));
    expect(after.get(voice.noticeId)?.status).toBe('delivered');
    expect(after.get(textA!.noticeId)?.status).toBe('delivered');
    expect(after.get(textB!.noticeId)).toMatchObject({ status: 'retrying', attempts: 1 });
  });
});


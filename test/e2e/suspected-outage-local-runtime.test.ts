import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../functions/customers/customer';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import type { Notice } from '../../functions/outbound/notice';
import { suspicionId, windowStart } from '../../functions/outages/suspicion';
import type { OutboxEntry } from '../../local/outbox';
import { LOCAL_OUTAGE_API_KEY } from '../../local/outage-planning';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { smsEvent } from '../support/events';

// The seed puts four or more customers on several transformers (eight on the busiest).
const SEEDED = 300;
const seededFeeders = new Set<string>(JSON.parse(readFileSync(new URL('../../local/seed/outages.json', import.meta.url), 'utf8')).outages.flatMap((o: { feeders: string[] }) => o.feeders));
const byTransformer = new Map<string, Customer[]>();
for (const c of syntheticCustomers(SEEDED)) if (!seededFeeders.has(c.feeder)) byTransformer.set(c.transformer, [...(byTransformer.get(c.transformer) ?? []), c]);
const crowded = [...byTransformer.values()].filter((cs) => cs.length >= 4).sort((a, b) => b.length - a.length);
// Two transformers on different feeders: confirming the first makes its feeder a declared outage.
const confirmedGroup = crowded[0]!;
const rejectedGroup = crowded.find((cs) => cs[0]!.feeder !== confirmedGroup[0]!.feeder)!;
const TEXT = 'no power in our building and the whole street is dark';

describe('suspected outages through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  // Every text of a case carries one instant in the current window, so a window boundary cannot split them.
  const window = windowStart(new Date().toISOString(), 30);
  const at = new Date(Date.parse(window) + 1_000).toISOString();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-suspect-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: SEEDED });
  }, 300_000);

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function api(method: string, path: string, body?: unknown) {
    const response = await fetch(`${runtime.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-api-key': LOCAL_OUTAGE_API_KEY }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function sms(c: Customer, id: string) {
    const event = smsEvent({ originationNumber: c.phones[0], messageBody: TEXT, inboundMessageId: id });
    event.Records[0]!.Sns.Timestamp = at;
    const response = await fetch(`${runtime.url}/2015-03-31/functions/sms-inbound/invocations`, { method: 'POST', body: JSON.stringify(event) });
    expect(response.status).toBe(200);
  }

  async function repliesTo(c: Customer): Promise<OutboxEntry[]> {
    const { entries } = (await (await fetch(`${runtime.url}/outbox`)).json()) as { entries: OutboxEntry[] };
    return entries.filter((e) => e.channel === 'sms' && e.to === c.phones[0]);
  }

  /** Intake reads the active outages at most 2 s old locally. */
  const cacheExpiry = () => new Promise((r) => setTimeout(r, 2_100));

  it('texts from three customers of one transformer open one suspected outage; a later text joins it and is told the centre knows', async () => {
    const [a, b, c, later] = confirmedGroup;
    for (const [i, customer] of [a!, b!, c!].entries()) await sms(customer, `e2e-suspect-${i}`);
    const id = suspicionId(a!.transformer, window);
    const shown = await api('GET', `/outages/${id}`);
    expect(shown).toMatchObject({ status: 200, body: { reports: 3, outage: { status: 'suspected', suspicion: { threshold: 3, windowMinutes: 30, mode: 'normal' } } } });

    await cacheExpiry();
    await sms(later!, 'e2e-suspect-later');
    expect((await api('GET', `/outages/${id}`)).body).toMatchObject({ reports: 4 });
    const [reply] = await repliesTo(later!);
    expect(reply?.text).toMatch(/already know of a power fault in your area|我们已获悉您所在区域的供电故障/);
  });

  it('confirming it through the outage API makes it a declared outage and plans the notices', async () => {
    const id = suspicionId(confirmedGroup[0]!.transformer, window);
    const etr = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const confirmed = await api('POST', `/outages/${id}/confirm`, { cause: { 'zh-CN': '配电变压器故障', en: 'a distribution transformer fault' }, etr });
    expect(confirmed).toMatchObject({ status: 200, body: { changed: true, plan: 'initial', outage: { status: 'active', decision: { action: 'confirmed' } } } });
    const { body } = await api('GET', `/notices?source=outage:${id}`);
    const initial = (body.notices as Notice[]).filter((n) => n.template === 'outage_initial' && n.channel === 'sms');
    expect(initial.map((n) => n.accountNumber)).toEqual(expect.arrayContaining(confirmedGroup.map((c) => c.accountNumber)));
  });

  it('rejecting one gives each of its reports its own ticket', async () => {
    const [a, b, c, later] = rejectedGroup;
    for (const [i, customer] of [a!, b!, c!].entries()) await sms(customer, `e2e-reject-${i}`);
    const id = suspicionId(a!.transformer, window);
    await cacheExpiry();
    await sms(later!, 'e2e-reject-later');
    expect((await api('GET', `/outages/${id}`)).body).toMatchObject({ reports: 4, outage: { status: 'suspected' } });
    const rejected = await api('POST', `/outages/${id}/reject`, { reason: 'separate faults in each home' });
    // The first report's ticket was never closed; two are reopened and the later report gets one of its own.
    expect(rejected).toMatchObject({ status: 200, body: { outage: { status: 'rejected', decision: { action: 'rejected', ticketsReopened: 2, ticketsOpened: 1 } } } });
    expect((await api('GET', `/outages/${id}`)).body).toMatchObject({ outage: { decision: { reason: 'separate faults in each home' } } });
  });
});

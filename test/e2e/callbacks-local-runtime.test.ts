import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Callback } from '../../functions/callbacks/callback';
import { DEFAULT_CALLBACK_WINDOWS, isLegalCallTime } from '../../functions/callbacks/windows';
import { seedCalendar } from '../../functions/tickets/seed-calendar';
import { LOCAL_OUTAGE_API_KEY } from '../../local/outage-planning';
import type { OutboxEntry } from '../../local/outbox';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import type { HandoverReport } from '../../functions/handover/handover';
import { launchTestBrowser } from '../support/browser';
import { smsEvent } from '../support/events';
import { loginAs } from '../support/login';

/** Issue 15, "Done when", through the local runtime: a seeded outage over four feeders with a few hundred reporters. */
const OUTAGE = 'OUT-E2E-CALLBACKS';
const FEEDERS = [
  ['HZ-XIHU-F01', 'HZ-XIHU', 150],
  ['HZ-XIHU-F02', 'HZ-XIHU', 90],
  ['HZ-XIHU-F03', 'HZ-XIHU', 50],
  ['HZ-BINJIANG-F01', 'HZ-BINJIANG', 20],
] as const;
const customers = FEEDERS.flatMap(([feeder, area, count], f) =>
  Array.from({ length: count }, (_, i) => ({
    accountNumber: `34${f}${String(i).padStart(7, '0')}`,
    phone: `+86139${f}${String(i).padStart(7, '0')}`.slice(0, 14),
    feeder,
    area,
    transformer: `${feeder}-T${String(i % 8).padStart(2, '0')}`,
    customerType: i % 4 === 0 ? 'business' : 'residential',
  })),
);
const complainant = { accountNumber: '3490000001', phone: '+8613990000001' };
const calendar = seedCalendar();
/**
 * The story runs on the movable clock from 19:00 in Beijing on the next working day, whatever the time it
 * runs at: the callbacks due in a shift depend on the legal call windows (residential 18:30-21:00, business
 * working hours), and a run at 20:40 found none due in the twelve hours ahead.
 */
function nextWorkingDayAt1900Beijing(from: Date): Date {
  for (let day = 1; ; day++) {
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + day, 11));
    if (calendar.isWorkingDay(start)) return start;
  }
}

describe('callbacks through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let agent: { authorization: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-callbacks-'));
    const header = 'accountNumber,name,phones,email,address,area,feeder,transformer,important,customerType,language,pin';
    const rows = [...customers, { ...complainant, feeder: 'NB-HAISHU-F01', area: 'NB-HAISHU', transformer: 'NB-HAISHU-F01-T01', customerType: 'business' }].map(
      (c) => `${c.accountNumber},客户,${c.phone},,杭州市文三路1号,${c.area},${c.feeder},${c.transformer},false,${c.customerType},zh-CN,`,
    );
    writeFileSync(join(dataDir, 'customers.csv'), `${[header, ...rows].join('\n')}\n`);
    writeFileSync(
      join(dataDir, 'outages.json'),
      JSON.stringify({ outages: [{ outageId: OUTAGE, kind: 'unplanned', areas: [], feeders: FEEDERS.map(([f]) => f), cause: { 'zh-CN': '电缆故障', en: 'a cable fault' }, etrInHours: 3 }] }),
    );
    runtime = await startLocalRuntime({ dataDir: join(dataDir, 'runtime'), fresh: true, port: 0, quiet: true, seedCustomers: 0, customersFile: join(dataDir, 'customers.csv'), outagesFile: join(dataDir, 'outages.json'), clockStart: nextWorkingDayAt1900Beijing(new Date()) });
    agent = await loginAs(runtime.url, 'agent');
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const invoke = (fn: string, event: unknown) => fetch(`${runtime.url}/2015-03-31/functions/${fn}/invocations`, { method: 'POST', body: JSON.stringify(event) }).then((r) => r.json());
  const outageApi = (method: string, path: string) => fetch(`${runtime.url}${path}`, { method, headers: { 'x-api-key': LOCAL_OUTAGE_API_KEY } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const ops = async (auth: { authorization: string }, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${runtime.url}${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** The runtime's movable clock: the instant every function reads as now. */
  const clockNow = async () => new Date(((await (await fetch(`${runtime.url}/local/clock`)).json()) as { now: string }).now);
  const tasks = async () => ((await (await fetch(`${runtime.url}/outbox`)).json()) as { entries: OutboxEntry[] }).entries.filter((e) => e.channel === 'task');

  let planned: Callback[];

  it('restoring the seeded outage with 310 reporters plans 5% of them (16), spread over its four feeders, each in a legal window, as tasks in the outbox', async () => {
    for (let i = 0; i < customers.length; i += 20) {
      await Promise.all(customers.slice(i, i + 20).map((c, j) => invoke('sms-inbound', smsEvent({ originationNumber: c.phone, messageBody: '停电了', inboundMessageId: `cb-e2e-${i + j}` }))));
    }
    expect((await outageApi('GET', `/outages/${OUTAGE}`)).body).toMatchObject({ reports: customers.length });
    expect((await outageApi('POST', `/outages/${OUTAGE}/restore`)).status).toBe(200);

    const listed = await ops(agent, 'GET', `/callbacks?source=outage:${OUTAGE}`);
    expect(listed.status).toBe(200);
    planned = listed.body.callbacks as Callback[];
    expect(planned).toHaveLength(16);
    expect(new Set(planned.map((c) => c.feeder))).toEqual(new Set(FEEDERS.map(([f]) => f)));
    for (const c of planned) expect(isLegalCallTime(c.customerType, new Date(c.window.start), calendar, DEFAULT_CALLBACK_WINDOWS)).toBe(true);

    const entries = await tasks();
    expect(entries.map((e) => e.attributes.callbackId).sort()).toEqual(planned.map((c) => c.callbackId).sort());
    for (const entry of entries) {
      // Each task is scheduled into its callback's legal window (a window already open starts at once).
      const callback = planned.find((c) => c.callbackId === entry.attributes.callbackId)!;
      if (entry.attributes.ScheduledTime) expect(entry.attributes.ScheduledTime).toBe(callback.window.start);
      expect(entry.attributes.windowEnd).toBe(callback.window.end);
      expect(entry.text).toContain(OUTAGE);
      expect(JSON.stringify(entry)).not.toMatch(/\+86|34\d{8}/);
    }
    // Restoring again is refused and plans nothing more.
    await outageApi('POST', `/outages/${OUTAGE}/restore`);
    expect((await ops(agent, 'GET', `/callbacks?source=outage:${OUTAGE}`)).body.callbacks).toHaveLength(16);
  }, 480_000);

  it('an agent records outcomes: satisfied closes it, not satisfied opens a linked complaint, not reached is tried again', async () => {
    const [first, second, third] = planned as [Callback, Callback, Callback];
    const satisfied = await ops(agent, 'POST', `/callbacks/${first.callbackId}/outcome`, { outcome: 'reached_satisfied' });
    expect(satisfied.body.callback).toMatchObject({ state: 'reached_satisfied' });
    expect((await ops(agent, 'POST', `/callbacks/${first.callbackId}/outcome`, { outcome: 'not_reached' })).status).toBe(409);
    expect((await ops(agent, 'POST', `/callbacks/${first.callbackId}/outcome`, { outcome: 'perhaps' })).body).toMatchObject({ field: 'outcome' });

    const unhappy = await ops(agent, 'POST', `/callbacks/${second.callbackId}/outcome`, { outcome: 'reached_not_satisfied', note: '恢复太慢' });
    const followUp = (unhappy.body.callback as Callback).followUp!;
    expect(followUp.kind).toBe('complaint');
    expect((await ops(agent, 'GET', `/tickets/${followUp.ticketId}`)).body.ticket).toMatchObject({ type: 'complaint' });

    const before = (await tasks()).length;
    const missed = await ops(agent, 'POST', `/callbacks/${third.callbackId}/outcome`, { outcome: 'not_reached' });
    expect(missed.body.callback).toMatchObject({ state: 'planned' });
    const retried = (await ops(agent, 'GET', `/callbacks/${third.callbackId}`)).body.callback as Callback;
    expect(retried).toMatchObject({ state: 'task_created', attempts: 2 });
    expect((await tasks()).slice(before).map((e) => e.attributes)).toEqual([expect.objectContaining({ callbackId: third.callbackId, attempt: '2' })]);
    // A department cannot see callbacks at all.
    expect((await ops(await loginAs(runtime.url, 'department', 'business'), 'GET', `/callbacks/${third.callbackId}`)).status).toBe(403);
  });

  it('a complaint answered by its department produces a callback due within one working day', async () => {
    const result = (await invoke('sms-inbound', smsEvent({ originationNumber: complainant.phone, messageBody: '投诉：营业厅工作人员态度很差', inboundMessageId: 'cb-e2e-complaint' }))) as Record<string, unknown>;
    expect(result).toBeDefined();
    const lead = await loginAs(runtime.url, 'shift_lead');
    const tickets = (await ops(lead, 'GET', `/tickets?customer=${complainant.accountNumber}`)).body.tickets as { ticketId: string; type: string }[];
    const complaint = tickets.find((t) => t.type === 'complaint')!;
    const desk = await loginAs(runtime.url, 'department', 'business');
    const answered = await ops(desk, 'POST', `/work-orders/${complaint.ticketId}.1/answer`, { answer: '已对工作人员批评教育并致歉' });
    expect(answered.status).toBe(200);
    const callbacks = (await ops(agent, 'GET', `/callbacks?source=ticket:${complaint.ticketId}`)).body.callbacks as Callback[];
    expect(callbacks).toHaveLength(1);
    const [callback] = callbacks as [Callback];
    expect(callback.reason).toBe('complaint_result');
    const answeredAt = new Date((answered.body.order as { updatedAt: string }).updatedAt);
    expect(callback.dueBy).toBe(calendar.addWorkingDays(answeredAt, 1).toISOString());
    expect(Date.parse(callback.window.start)).toBeLessThanOrEqual(Date.parse(callback.dueBy!));
  });

  it('the handover as the shift lead: JSON with real counts, and a page that renders in headless Chromium; the incoming lead accepts it', async () => {
    // Something in the dead-letter queue: an SMS event that is not one.
    await invoke('sms-inbound', { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'not json' } }] });
    const lead = await loginAs(runtime.url, 'shift_lead');
    const asJson = await fetch(`${runtime.url}/handover`, { headers: { ...lead, accept: 'application/json' } });
    expect(asJson.headers.get('content-type')).toContain('application/json');
    const report = (await asJson.json()) as HandoverReport;
    const tickets = (await ops(lead, 'GET', '/tickets?limit=1000')).body.tickets as { status: string; priority: number }[];
    const openTickets = tickets.filter((t) => !['resolved', 'callback_done', 'closed'].includes(t.status));
    expect(report.tickets.open).toBe(openTickets.length);
    expect(report.emergencies.count).toBe(openTickets.filter((t) => t.priority === 1).length);
    expect(report.tickets.byType.complaint).toBeDefined();
    const due = (await ops(lead, 'GET', `/callbacks?due=${encodeURIComponent(report.shift.to)}`)).body.callbacks as Callback[];
    expect(report.callbacks.dueThisShift).toBe(due.length);
    expect(report.callbacks.dueThisShift).toBeGreaterThan(0);
    expect(report.system).toMatchObject({ source: 'local', deadLetterQueues: [{ name: 'rejected-contacts', depth: 1 }], alarmsFiring: ['hotline-local-RejectedContactsDepth'] });
    expect(report.outages.ongoing).toEqual([]);
    // An agent may not read it; a department neither.
    expect((await fetch(`${runtime.url}/handover`, { headers: agent })).status).toBe(403);

    const browser = await launchTestBrowser({ locale: 'zh-CN' });
    try {
      await browser.context.setExtraHTTPHeaders(lead);
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const response = await page.goto(`${runtime.url}/handover`);
      expect(response?.headers()['content-type']).toContain('text/html');
      for (const id of ['tickets', 'chases', 'emergencies', 'outages', 'callbacks', 'system', 'last-handover']) await expect(page.locator(`section#${id} h2`).count()).resolves.toBe(1);
      const shown = async (section: string) => Number(await page.locator(`section#${section} .count`).first().getAttribute('data-count'));
      expect(await shown('tickets')).toBe(report.tickets.open);
      expect(await shown('callbacks')).toBe(report.callbacks.dueThisShift);
      expect(await shown('system')).toBe(1);
      expect(await shown('chases')).toBe(report.chases.toChase);
      expect(await shown('emergencies')).toBe(report.emergencies.count);
      expect(await shown('outages')).toBe(report.outages.ongoing.length);
      // The style block is allowed by the CSP (no violation reported), and nothing else runs.
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }

    const first = await ops(lead, 'POST', '/handover/accept', { from: 'lead-night' });
    expect(first.body.handover).toMatchObject({ handedBy: 'lead-night', acceptedBy: 'local-shift_lead', counts: { openTickets: report.tickets.open, callbacksDue: report.callbacks.dueThisShift } });
    expect((await ops(lead, 'POST', '/handover/accept', { from: 42 })).body).toMatchObject({ field: 'from' });
    const again = (await (await fetch(`${runtime.url}/handover`, { headers: { ...lead, accept: 'application/json' } })).json()) as HandoverReport;
    expect(again.lastHandover).toMatchObject({ handedBy: 'lead-night', acceptedBy: 'local-shift_lead' });
  }, 120_000);

  it('the indicators are served with their targets after an inspector reviews the day\'s sample, and the callback rate moves with an outcome', async () => {
    await invoke('sms-inbound', smsEvent({ originationNumber: complainant.phone, messageBody: '查询一下我家上个月的电费', inboundMessageId: 'cb-e2e-query' }));
    const inspector = await loginAs(runtime.url, 'quality_inspector');
    const supervisor = await loginAs(runtime.url, 'supervisor');
    expect((await ops(agent, 'POST', '/quality/samples', {})).status).toBe(403);
    const drawn = await ops(inspector, 'POST', '/quality/samples', {});
    const items = drawn.body.items as { ticketId: string; kind: 'query' | 'non_query'; day: string }[];
    expect(items.some((i) => i.kind === 'query')).toBe(true);
    expect(items.some((i) => i.kind === 'non_query')).toBe(true);
    // Drawn again: the same sample.
    expect(((await ops(inspector, 'POST', '/quality/samples', {})).body.items as unknown[]).length).toBe(items.length);
    for (const item of items) {
      const verdict = item.kind === 'query' ? { correct: true, keyFieldsCorrect: false } : { correct: true };
      expect((await ops(inspector, 'POST', `/quality/samples/${item.day}/${item.ticketId}`, verdict)).status).toBe(200);
    }
    expect((await ops(inspector, 'POST', `/quality/samples/${items[0]!.day}/${items[0]!.ticketId}`, { correct: 'yes' })).body).toMatchObject({ field: 'correct' });
    expect((await ops(inspector, 'POST', '/quality/outage-checks', { outageId: OUTAGE, correct: true })).body).toMatchObject({ recorded: true });
    const at = await clockNow();
    expect((await ops(inspector, 'POST', '/quality/scores', { agentId: 'agent007', month: at.toISOString().slice(0, 7), monitoring: 92, testCall: 88, complaints: 1 })).status).toBe(200);

    const period = `from=${encodeURIComponent(new Date(at.getTime() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(at.getTime() + 60_000).toISOString())}`;
    const indicators = async () => (await ops(supervisor, 'GET', `/indicators?${period}`)).body as { quality: { name: string; value?: number; target?: number; met?: boolean; basis: Record<string, number> }[]; agents: { agentId: string; scores?: { qualityScore: number } }[]; calls: unknown };
    const before = await indicators();
    const named = (report: typeof before, name: string) => report.quality.find((i) => i.name === name)!;
    const nonQuery = items.filter((i) => i.kind === 'non_query').length;
    expect(named(before, 'ticket_correctness_non_query')).toMatchObject({ value: 1, target: 0.99, met: true, basis: { reviewed: nonQuery, correct: nonQuery } });
    expect(named(before, 'key_fields_correct_query')).toMatchObject({ value: 0, target: 0.95, met: false });
    expect(named(before, 'outage_information_correct')).toMatchObject({ value: 1, target: 0.98, met: true });
    expect(named(before, 'callback_rate_complaint_result')).toMatchObject({ target: 1, basis: { planned: 1, reached: 0 } });
    expect(named(before, 'callback_rate_outage_restored').basis).toMatchObject({ planned: 16, reached: 2 });
    expect(named(before, 'callback_satisfaction')).toMatchObject({ value: 0.5, basis: { reached: 2, satisfied: 1 } });
    expect(before.agents.find((a) => a.agentId === 'agent007')?.scores?.qualityScore).toBe(88);
    expect(before.calls).toBeDefined();

    await ops(agent, 'POST', `/callbacks/${planned[3]!.callbackId}/outcome`, { outcome: 'reached_satisfied' });
    const after = await indicators();
    expect(named(after, 'callback_rate_outage_restored').value).toBeCloseTo(3 / 16, 4);
    expect(named(after, 'callback_rate_outage_restored').value).toBeGreaterThan(named(before, 'callback_rate_outage_restored').value!);
    expect((await ops(agent, 'GET', `/indicators?${period}`)).status).toBe(403);
    const page = await fetch(`${runtime.url}/indicators?${period}`, { headers: { ...supervisor, accept: 'text/html' } });
    const html = await page.text();
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<svg');
    expect(html).toContain('callback_rate_outage_restored');
  }, 120_000);
});

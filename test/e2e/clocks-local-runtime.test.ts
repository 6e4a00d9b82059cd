import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import type { Chase } from '../../functions/clocks/chase';
import type { Ticket } from '../../functions/tickets/ticket';
import type { WorkOrder } from '../../functions/workorders/work-order';
import type { OutboxEntry } from '../../local/outbox';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { smsEvent } from '../support/events';
import { loginAs } from '../support/login';

// Issue 11's "done when" for the clocks, through the local runtime as the README drives it: the movable clock
// (POST /local/clock) instead of waiting, Scheduler and the table stream emulated, the outbox in place of SMS.
const SEEDED = 60;
const customers = syntheticCustomers(SEEDED);
// Not on the seeded outage's feeder (HZ-XIHU-F02), so the fault opens a ticket instead of joining the outage.
const reporter = customers.find((c) => c.area === 'HZ-XIHU' && c.feeder !== 'HZ-XIHU-F02')!;
const asker = customers.find((c) => c.accountNumber !== reporter.accountNumber && c.language === 'zh-CN')!;
const XIHU_DUTY = '+8613900000101';

describe('clocks that fire, through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let orderId: string;
  let ticketId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-clocks-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: SEEDED });
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async <T>(path: string, auth: Record<string, string> = {}) => (await (await fetch(`${runtime.url}${path}`, { headers: auth })).json()) as T;
  const post = (path: string, body: unknown, auth: Record<string, string> = {}) =>
    fetch(`${runtime.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const clock = () => get<{ now: string; schedules: { name: string; at: string }[] }>('/local/clock');
  const advance = async (duration: string) => (await (await post('/local/clock', { advance: duration })).json()) as { now: string; fired: { name: string }[] };
  const outbox = async () => (await get<{ entries: OutboxEntry[] }>('/outbox')).entries;
  const chasesOf = async (id: string) => (await get<{ chases: Chase[] }>('/chases', await loginAs(runtime.url, 'shift_lead'))).chases.filter((c) => c.orderId === id);

  async function sms(phone: string, text: string, id: string) {
    const response = await fetch(`${runtime.url}/2015-03-31/functions/sms-inbound/invocations`, { method: 'POST', body: JSON.stringify(smsEvent({ originationNumber: phone, messageBody: text, inboundMessageId: id })) });
    return ((await response.json()) as { results: { outcome: string; ticketId?: string }[] }).results[0]!;
  }

  it('an SMS fault report becomes a work order in its area\'s repair inbox, with its on-site clock scheduled', async () => {
    const result = await sms(reporter.phones[0]!, '文三路整条街都停电了，路灯也不亮', 'e2e-clocks-fault');
    expect(result.outcome).toBe('ticket_opened');
    ticketId = result.ticketId!;
    orderId = `${ticketId}.1`;
    const inbox = await get<{ orders: WorkOrder[] }>('/work-orders', await loginAs(runtime.url, 'department', 'repair-HZ-XIHU'));
    expect(inbox.orders.map((o) => o.orderId)).toContain(orderId);
    // The clock keeper ran from the table stream: the first look, 10 minutes before the 45-minute limit.
    const order = inbox.orders.find((o) => o.orderId === orderId)!;
    expect((await clock()).schedules).toContainEqual(expect.objectContaining({ name: expect.stringMatching(new RegExp(`^${orderId.replace('.', '\\.')}_crewOnSite_`)), at: new Date(Math.ceil((Date.parse(order.due.crewOnSite!) - 600_000) / 1000) * 1000).toISOString() }));
  });

  it('the dispatch texts the reporter the apology and repair plan', async () => {
    const { now } = await clock();
    const desk = await loginAs(runtime.url, 'department', 'repair-HZ-XIHU');
    expect((await post(`/work-orders/${orderId}/dispatch`, { crewLeader: '李强', phone: '+8613900001111', departedAt: now }, desk)).status).toBe(200);
    await post('/dispatch', {});
    expect((await outbox()).filter((e) => e.to === reporter.phones[0])).toContainEqual(expect.objectContaining({ channel: 'sms', text: expect.stringContaining(ticketId) }));
  });

  it('with no arrival by 45 minutes (clock advanced PT50M) the duty contact is chased and the shift lead sees it; it repeats', async () => {
    const moved = await advance('PT50M');
    expect(moved.fired.map((f) => f.name)).toEqual([expect.stringContaining(`${orderId}_crewOnSite_`), expect.stringContaining(`${orderId}_crewOnSite_r`)]);
    expect((await chasesOf(orderId)).map((c) => [c.n, c.verdict])).toEqual([[2, 'late'], [1, 'warning']]);
    const chaseTexts = () => outbox().then((entries) => entries.filter((e) => e.to === XIHU_DUTY && e.text.includes(orderId)));
    expect(await chaseTexts()).toHaveLength(2);
    expect((await chaseTexts()).map((e) => (e.text.includes('已超过时限') ? 'late' : e.text.includes('即将到期') ? 'warning' : e.text)).sort()).toEqual(['late', 'warning']);

    await advance('PT30M');
    expect((await chasesOf(orderId)).map((c) => c.n)).toEqual([3, 2, 1]);
    expect(await chaseTexts()).toHaveLength(3);
    const { timeline } = await get<{ timeline: { kind: string }[] }>(`/tickets/${ticketId}`, await loginAs(runtime.url, 'shift_lead'));
    expect(timeline.filter((e) => e.kind === 'chase')).toHaveLength(3);
  });

  it('arrival sets the cause-report clock; restoration resolves the ticket and the chasing stops', async () => {
    const desk = await loginAs(runtime.url, 'department', 'repair-HZ-XIHU');
    expect((await post(`/work-orders/${orderId}/arrive`, { arrivedAt: (await clock()).now }, desk)).status).toBe(200);
    expect((await clock()).schedules.map((s) => s.name)).toContainEqual(expect.stringContaining(`${orderId}_causeReport_`));
    expect((await post(`/work-orders/${orderId}/restore`, { cause: '电缆接头烧坏', result: '更换接头，恢复供电', restoredAt: (await clock()).now }, desk)).status).toBe(200);
    const { ticket } = await get<{ ticket: Ticket }>(`/tickets/${ticketId}`, await loginAs(runtime.url, 'agent'));
    expect(ticket.status).toBe('resolved');
    await advance('PT1H');
    expect(await chasesOf(orderId)).toHaveLength(3);
  });

  it('a billing question answered by billing reaches the customer by text within one working day of the answer', async () => {
    const result = await sms(asker.phones[0]!, '我这个月的电费账单为什么这么高？', 'e2e-clocks-bill');
    const billing = await loginAs(runtime.url, 'department', 'billing');
    const answer = await post(`/work-orders/${result.ticketId}.1/answer`, { answer: '本月用电量进入阶梯电价第二档' }, billing);
    expect(answer.status).toBe(200);
    const answeredAt = (await clock()).now;
    // Twelve hours always reach the end of the reminder quiet hours (21:00-08:00), whenever the test runs.
    await advance('PT12H');
    const text = (await outbox()).find((e) => e.to === asker.phones[0] && e.text.includes('阶梯电价第二档'));
    expect(text).toBeDefined();
    // Sent by the dispatcher at most 11 hours after the answer (at 08:00 after a 21:00 answer), within its one-working-day dueBy.
    expect(Date.parse(text!.at) - Date.parse(answeredAt)).toBeLessThanOrEqual(11 * 3_600_000 + 60_000);
  });

  it('refuses an advance that is not an ISO-8601 duration with 400 naming the field', async () => {
    const response = await post('/local/clock', { advance: '50 minutes' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'advance' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import type { Ticket } from '../../functions/tickets/ticket';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { smsEvent } from '../support/events';
import { loginAs } from '../support/login';

// Issue 10's "done when", through the local runtime as a user would drive it (npm start, npm run invoke).
const SEEDED = 60;
// The seeded outage (local/seed/outages.json) is on feeder HZ-XIHU-F02.
const insideOutage = syntheticCustomers(SEEDED).find((c) => c.feeder === 'HZ-XIHU-F02')!;
const UNKNOWN = { wire: '+8613766660001', quoting: '+8613766660002', bribery: '+8613766660003' };

describe('the trained classifier through the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-classifier-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: SEEDED });
  });

  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function sms(phone: string, text: string, id: string) {
    const response = await fetch(`${runtime.url}/2015-03-31/functions/sms-inbound/invocations`, {
      method: 'POST',
      body: JSON.stringify(smsEvent({ originationNumber: phone, messageBody: text, inboundMessageId: id })),
    });
    return (await response.json()) as { results: { outcome: string; ticketId?: string; outageId?: string }[] };
  }

  async function ticketsOf(sender: string): Promise<Ticket[]> {
    const response = await fetch(`${runtime.url}/tickets?customer=${encodeURIComponent(sender)}`, { headers: await loginAs(runtime.url, 'agent') });
    return ((await response.json()) as { tickets: Ticket[] }).tickets;
  }

  it('opens a top-priority emergency fault ticket for a fallen wire that is sparking', async () => {
    const { results } = await sms(UNKNOWN.wire, '路边有根电线掉下来了，还在冒火花', 'e2e-cls-wire');
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened' });
    const [ticket] = await ticketsOf(UNKNOWN.wire);
    expect(ticket).toMatchObject({ type: 'fault_report', priority: 1, triage: 'emergency' });
  });

  it('joins the seeded outage when an unknown phone quotes an account inside it', async () => {
    const { results } = await sms(UNKNOWN.quoting, `我家里没电了，户号${insideOutage.accountNumber}`, 'e2e-cls-quote');
    expect(results[0]).toMatchObject({ outcome: 'outage_joined', outageId: 'OUT-20261123-0001' });
    expect(await ticketsOf(UNKNOWN.quoting)).toEqual([]);
  });

  it('keeps an indirect bribery report confidential', async () => {
    const { results } = await sms(UNKNOWN.bribery, '不知道该不该说，来换表的师傅走之前说，下次给他点好处，电费可以少算一点', 'e2e-cls-bribe');
    expect(results[0]).toMatchObject({ outcome: 'ticket_opened' });
    const response = await fetch(`${runtime.url}/tickets/${results[0]!.ticketId}`, { headers: await loginAs(runtime.url, 'agent') });
    const { ticket } = (await response.json()) as { ticket: Ticket };
    expect(ticket).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(ticket.summary).not.toContain('好处');
    // Not listed under the sender for anyone but the discipline-inspection office.
    expect(await ticketsOf(UNKNOWN.bribery)).toEqual([]);
  });

  it('records an agent correction once through the ops API, and names a bad field', async () => {
    const [ticket] = await ticketsOf(UNKNOWN.wire);
    const agent = await loginAs(runtime.url, 'agent');
    const correct = (body: unknown, auth: Record<string, string> = agent) =>
      fetch(`${runtime.url}/tickets/${ticket!.ticketId}/corrections`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
    // No token, no correction: the route is the ops API's, behind the one policy.
    expect((await correct({ keyFields: { address: '文三路路口' } }, {})).status).toBe(401);
    const first = await correct({ keyFields: { address: '文三路路口' } });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ result: 'corrected', ticket: { keyFields: { address: '文三路路口' } } });
    expect(await (await correct({ keyFields: { address: '文三路路口' } })).json()).toMatchObject({ result: 'unchanged' });
    const bad = await correct({ type: 'outage' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('type');
  });
});

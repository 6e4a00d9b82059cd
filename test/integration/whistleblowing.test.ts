import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import { classifyText } from '../../functions/intake/classify';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, type IntakeDeps } from '../../functions/intake/intake';
import { CachedOutageRegistry, OutageRepository } from '../../functions/outages/adapters/outage-repository';
import { TicketQueries } from '../../functions/tickets/adapters/ticket-queries';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { freshTable } from '../support/dynamo';

let deps: IntakeDeps;
let queries: TicketQueries;
let seq = 0;

function sms(from: string, text: string, receivedAt: string): Contact {
  return { channel: 'sms', providerMessageId: `wb-${++seq}`, sender: { phone: from }, receiver: '+8695598', receivedAt, language: 'zh-CN', text, attachments: [], rawRef: 'inline' };
}

beforeAll(async () => {
  const setup = await freshTable('whistleblowing');
  deps = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: new CachedOutageRegistry(new OutageRepository(setup.doc, setup.tableName), Date.now),
    calendar: new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] }),
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
  };
  queries = new TicketQueries(setup.doc, setup.tableName);
});

describe('a whistleblowing contact always lands in a confidential ticket of its own', () => {
  it('does not append misconduct to the ordinary ticket a channel names (an e-mail reply, a chat hand-over)', async () => {
    const phone = '+8613800009001';
    const complaint = await recordContact(sms(phone, '投诉：抄表时间总是不对', '2026-11-23T02:00:00Z'), deps);
    if (complaint.outcome.kind !== 'ticket_opened') throw new Error('expected a ticket');
    const named = { ticketId: complaint.outcome.ticketId, ticketType: complaint.outcome.ticketType };
    const report = await recordContact(sms(phone, '我要举报抄表员收受贿赂', '2026-11-23T02:10:00Z'), deps, { threadTo: named });
    expect(report.outcome.kind).toBe('ticket_opened');
    const reportId = 'ticketId' in report.outcome ? report.outcome.ticketId : '';
    expect(reportId).not.toBe(named.ticketId);
    expect((await queries.get(reportId))?.ticket).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(JSON.stringify(await queries.get(named.ticketId))).not.toContain('贿赂');
  });

  it('does not append misconduct by text within the thread window to an ordinary ticket', async () => {
    const phone = '+8613800009002';
    const complaint = await recordContact(sms(phone, '投诉：客服态度差', '2026-11-23T03:00:00Z'), deps);
    const report = await recordContact(sms(phone, '投诉，还要举报你们员工窃电', '2026-11-23T03:05:00Z'), deps);
    expect(report.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'whistleblowing_report' });
    const complaintId = 'ticketId' in complaint.outcome ? complaint.outcome.ticketId : '';
    expect(JSON.stringify(await queries.get(complaintId))).not.toContain('窃电');
  });

  it('still appends more of a report to its own confidential ticket', async () => {
    const phone = '+8613800009003';
    const first = await recordContact(sms(phone, '举报：抄表员收受贿赂', '2026-11-23T04:00:00Z'), deps);
    const more = await recordContact(sms(phone, '补充举报：他还帮人偷电', '2026-11-23T04:05:00Z'), deps);
    expect(more.outcome).toMatchObject({ kind: 'ticket_appended', ticketId: 'ticketId' in first.outcome ? first.outcome.ticketId : '' });
  });
});

describe('listing by customer', () => {
  it('shows a confidential ticket to the discipline-inspection office only', async () => {
    const phone = '+8613800009004';
    const ordinary = await recordContact(sms(phone, '停电了', '2026-11-23T05:00:00Z'), deps);
    const report = await recordContact(sms(phone, '举报抄表员收受贿赂', '2026-11-23T05:01:00Z'), deps);
    const ids = (tickets: { ticketId: string }[]) => tickets.map((t) => t.ticketId);
    const reportId = 'ticketId' in report.outcome ? report.outcome.ticketId : '';
    const ordinaryId = 'ticketId' in ordinary.outcome ? ordinary.outcome.ticketId : '';
    expect(ids(await queries.list({ customer: phone }))).toEqual([ordinaryId]);
    expect(ids(await queries.list({ customer: phone }, { role: 'agent' }))).toEqual([ordinaryId]);
    expect(ids(await queries.list({ customer: phone, limit: 1 }))).toEqual([ordinaryId]);
    expect(ids(await queries.list({ customer: phone }, { role: 'discipline_office' }))).toEqual([reportId, ordinaryId]);
  });
});

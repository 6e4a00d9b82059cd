import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { correctionExamples, maskNumbers } from '../../corpus/classify/correction-examples';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import { classifyText } from '../../functions/intake/classify';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, type IntakeDeps } from '../../functions/intake/intake';
import { CachedOutageRegistry, OutageRepository } from '../../functions/outages/adapters/outage-repository';
import * as keys from '../../functions/shared/keys';
import { DynamoCorrectionRepository } from '../../functions/tickets/adapters/dynamo-correction-repository';
import { TicketQueries } from '../../functions/tickets/adapters/ticket-queries';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { correctTicket } from '../../functions/tickets/correction';
import { freshTable } from '../support/dynamo';

const calendar = new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] });
const OPENED_AT = '2026-11-23T02:00:00Z'; // 10:00 in Shanghai, a Monday
const DAY = '2026-11-23';
let setup: Awaited<ReturnType<typeof freshTable>>;
let intake: IntakeDeps;
let deps: Parameters<typeof correctTicket>[1];
let seq = 0;

function sms(text: string): Contact {
  seq++;
  return {
    channel: 'sms',
    providerMessageId: `corr-${seq}`,
    sender: { phone: `+86137100000${String(seq).padStart(2, '0')}` },
    receiver: '+8695598',
    receivedAt: OPENED_AT,
    language: /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en',
    text,
    attachments: [],
    rawRef: 'inline',
  };
}

async function openTicket(text: string): Promise<string> {
  const { outcome } = await recordContact(sms(text), intake);
  if (outcome.kind !== 'ticket_opened') throw new Error(`expected a ticket, got ${outcome.kind}`);
  return outcome.ticketId;
}

async function counters() {
  const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.correctionCounter(DAY), ConsistentRead: true }));
  return Item;
}

const at = (minute: number) => new Date(Date.parse('2026-11-23T03:00:00Z') + minute * 60_000);

beforeAll(async () => {
  setup = await freshTable('corrections');
  intake = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: new CachedOutageRegistry(new OutageRepository(setup.doc, setup.tableName), Date.now),
    calendar,
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
  };
  deps = { repository: new DynamoCorrectionRepository(setup.doc, setup.tableName), calendar, timeZone: 'Asia/Shanghai' };
});

describe('correctTicket against DynamoDB Local', () => {
  it('changes the type, recomputes the clocks, keeps the old type on the timeline and counts the ticket', async () => {
    const ticketId = await openTicket('请问峰谷电价的时间段是怎么划分的');
    const before = await new TicketQueries(setup.doc, setup.tableName).get(ticketId);
    expect(before?.ticket.type).toBe('consultation');

    const result = await correctTicket({ ticketId, type: 'fault_report', by: 'agent-1024', at: at(0) }, deps);
    expect(result.kind).toBe('corrected');
    const after = await new TicketQueries(setup.doc, setup.tableName).get(ticketId);
    expect(after?.ticket).toMatchObject({ type: 'fault_report', priority: 2, needsReview: false, due: { crewOnSite: '2026-11-23T02:45:00.000Z' } });
    expect(after?.ticket.due.customerReply).toBeUndefined();
    const corrections = after?.timeline.filter((entry) => entry.kind === 'correction');
    expect(corrections).toHaveLength(1);
    expect(corrections?.[0]).toMatchObject({ by: 'agent-1024', before: { type: 'consultation' }, after: { type: 'fault_report' } });
    expect(await counters()).toMatchObject({ nonQueryTickets: 1, typeChanges: 1, queryKeyFields: 0 });
  });

  it('changes nothing when the same correction comes again, even three at once', async () => {
    const ticketId = await openTicket('I would like to know the off-peak hours please');
    const first = await Promise.all([1, 2, 3].map(() => correctTicket({ ticketId, type: 'complaint', by: 'agent-7', at: at(1) }, deps)));
    expect(first.map((r) => r.kind).sort()).toEqual(['corrected', 'unchanged', 'unchanged']);
    const again = await correctTicket({ ticketId, type: 'complaint', by: 'agent-7', at: at(2) }, deps);
    expect(again.kind).toBe('unchanged');
    const found = await new TicketQueries(setup.doc, setup.tableName).get(ticketId);
    expect(found?.timeline.filter((entry) => entry.kind === 'correction')).toHaveLength(1);
    expect(await counters()).toMatchObject({ nonQueryTickets: 2, typeChanges: 2 });
  });

  it("counts a query ticket's key fields once however often they are corrected", async () => {
    const ticketId = await openTicket('帮我查一下这个月电费多少，户号3312345678');
    expect((await correctTicket({ ticketId, keyFields: { account: '3312345679' }, by: 'agent-9', at: at(3) }, deps)).kind).toBe('corrected');
    expect((await correctTicket({ ticketId, keyFields: { account: '3312345679', address: '文三路8号' }, by: 'agent-9', at: at(4) }, deps)).kind).toBe('corrected');
    const found = await new TicketQueries(setup.doc, setup.tableName).get(ticketId);
    expect(found?.ticket.keyFields).toEqual({ account: '3312345679', address: '文三路8号' });
    expect(found?.timeline.filter((e) => e.kind === 'correction').map((e) => e.before?.keyFields)).toEqual([{ account: '3312345678' }, { account: '3312345679' }]);
    expect(await counters()).toMatchObject({ nonQueryTickets: 2, queryKeyFields: 1, keyFieldChanges: 2 });
  });

  it('makes a ticket corrected to a report confidential', async () => {
    const ticketId = await openTicket('Your engineer was a bit strange when he came to read the meter');
    await correctTicket({ ticketId, type: 'whistleblowing_report', by: 'agent-3', at: at(5) }, deps);
    const found = await new TicketQueries(setup.doc, setup.tableName).get(ticketId);
    expect(found?.ticket).toMatchObject({ type: 'whistleblowing_report', confidential: true, due: { investigationResult: expect.any(String) } });
  });

  it('answers not_found for an unknown ticket', async () => {
    expect(await correctTicket({ ticketId: '261123-0000-0000', type: 'complaint', by: 'agent-1', at: at(6) }, deps)).toEqual({ kind: 'not_found' });
  });

  it('exports corrected tickets as training lines without numbers, and never a confidential one', async () => {
    const lines = await correctionExamples(setup.doc, setup.tableName, [DAY]);
    expect(lines).toContainEqual({ text: '请问峰谷电价的时间段是怎么划分的', type: 'fault_report', lang: 'zh-CN' });
    expect(lines).toContainEqual({ text: '帮我查一下这个月电费多少，户号3300000000', type: 'information_query', lang: 'zh-CN' });
    expect(lines.some((line) => line.type === 'whistleblowing_report')).toBe(false);
    expect(lines.some((line) => /3312345678/.test(line.text))).toBe(false);
  });
});

describe('maskNumbers', () => {
  it('replaces phone and account numbers and leaves other digits', () => {
    expect(maskNumbers('户号3312345678，电话138 1234 5678，文三路168号')).toBe('户号3300000000，电话13800000000，文三路168号');
    expect(maskNumbers('call +86 139 0571 0002 or 0571-87654321 about 3 meters')).toBe('call 13800000000 or 13800000000 about 3 meters');
  });
});

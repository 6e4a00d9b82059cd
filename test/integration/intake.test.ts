import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../functions/customers/customer';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, type IntakeDeps, type IntakeResult } from '../../functions/intake/intake';
import * as keys from '../../functions/shared/keys';
import { ticketNumber } from '../../functions/tickets/ticket-number';
import { intakeFixture, INTAKE_RECEIVED_AT, smsContact } from '../support/intake';

const hospital: Customer = {
  accountNumber: '3300000001',
  name: '西湖区人民医院',
  phones: ['+8613800000001'],
  address: '杭州市西湖区文三路1号',
  area: 'HZ-XIHU',
  feeder: 'HZ-XIHU-F01',
  transformer: 'T-0001',
  important: true,
  customerType: 'business',
  language: 'zh-CN',
};
const resident: Customer = {
  ...hospital,
  accountNumber: '3300000002',
  name: 'Alice Smith',
  phones: ['+8613800000002'],
  address: '8 Riverside Road, Binjiang',
  area: 'HZ-BINJIANG',
  feeder: 'HZ-BINJIANG-F02',
  important: false,
  customerType: 'residential',
  language: 'en',
};

let setup: Awaited<ReturnType<typeof intakeFixture>>['setup'];
let deps: IntakeDeps;
let messageSeq = 0;

function sms(from: string, text: string, receivedAt = INTAKE_RECEIVED_AT, id = `msg-${++messageSeq}`): Contact {
  return smsContact(from, text, id, receivedAt);
}

async function countItems(): Promise<number> {
  const { Count } = await setup.doc.send(new ScanCommand({ TableName: setup.tableName, Select: 'COUNT', ConsistentRead: true }));
  return Count ?? 0;
}

beforeAll(async () => {
  ({ setup, deps } = await intakeFixture('intake', [hospital, resident], { outageId: 'OUT-20261123-01', feeder: 'HZ-XIHU-F01', cause: { 'zh-CN': '线路故障', en: 'line fault' } }));
});

async function storedTicket(outcome: IntakeResult['outcome']) {
  if (!('ticketId' in outcome)) throw new Error(`no ticket: ${outcome.kind}`);
  const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.ticket(outcome.ticketId) }));
  return Item;
}

describe('recordContact against DynamoDB Local', () => {
  it('opens a ticket for a known customer, with account, priority, SLA and timeline', async () => {
    const result = await recordContact(sms(resident.phones[0]!, 'I want to complain about the meter reader'), deps);
    expect(result.outcome.kind).toBe('ticket_opened');
    if (result.outcome.kind !== 'ticket_opened') return;
    const { Items = [] } = await setup.doc.send(
      new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.ticketPartition(result.outcome.ticketId) } }),
    );
    const ticket = Items.find((i) => i.sk === 'TICKET');
    expect(ticket).toMatchObject({ type: 'complaint', status: 'new', accountNumber: resident.accountNumber, priority: 2 });
    // Opened Monday 10:00 in Shanghai: the department answers within 2 working days (4 at most), the centre replies within 3.
    expect(ticket?.due).toEqual({
      departmentAnswer: '2026-11-25T02:00:00.000Z',
      departmentAnswerLatest: '2026-11-27T02:00:00.000Z',
      customerReply: '2026-11-26T02:00:00.000Z',
    });
    expect(Items.filter((i) => String(i.sk).startsWith('EVENT#'))).toHaveLength(1);
  });

  it('returns the same outcome for a redelivery and writes nothing', async () => {
    const contact = sms(resident.phones[0]!, 'How do I apply for a new connection?');
    const first = await recordContact(contact, deps);
    const before = await countItems();
    const again = await recordContact(structuredClone(contact), deps);
    expect(again.outcome).toEqual(first.outcome);
    expect(again.firstDelivery).toBe(false);
    expect(await countItems()).toBe(before);
  });

  it('makes one ticket when the same delivery arrives five times at once', async () => {
    const contact = sms('+8613911112222', '我要投诉营业厅服务态度');
    const results = await Promise.all(Array.from({ length: 5 }, () => recordContact(structuredClone(contact), deps)));
    expect(new Set(results.map((r) => JSON.stringify(r.outcome))).size).toBe(1);
    expect(results.filter((r) => r.firstDelivery)).toHaveLength(1);
  });

  it('joins a fault report from inside an active outage to the outage, without a ticket', async () => {
    const before = await countItems();
    const result = await recordContact(sms(hospital.phones[0]!, '我家停电了'), deps);
    expect(result.outcome).toMatchObject({ kind: 'outage_joined', outageId: 'OUT-20261123-01', cause: { en: 'line fault' } });
    const report = await setup.doc.send(
      new GetCommand({ TableName: setup.tableName, Key: keys.outageReport('OUT-20261123-01', result.contactKey) }),
    );
    expect(report.Item?.accountNumber).toBe(hospital.accountNumber);
    expect(await countItems()).toBe(before + 2); // the contact and the report, no ticket
  });

  it('opens a fault ticket for a sender outside any outage, with the crew clock; an important customer is served first', async () => {
    const fault = await recordContact(sms(resident.phones[0]!, 'no power at my house since noon', '2026-11-23T02:00:00Z'), deps);
    expect(fault.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'fault_report' });
    const residentTicket = await storedTicket(fault.outcome);
    expect(residentTicket).toMatchObject({ priority: 2, due: { crewOnSite: '2026-11-23T02:45:00.000Z' } });

    const complaint = await recordContact(sms(hospital.phones[0]!, '我要投诉：抢修人员态度很差'), deps);
    expect(await storedTicket(complaint.outcome)).toMatchObject({ type: 'complaint', priority: 1, accountNumber: hospital.accountNumber });
  });

  it('threads a second message of the same type within the window onto the open ticket, and not after it', async () => {
    const phone = '+8613922223333';
    const first = await recordContact(sms(phone, '电费怎么这么高', '2026-11-20T01:00:00Z'), deps);
    const second = await recordContact(sms(phone, '电费账单能再查一下吗', '2026-11-21T01:00:00Z'), deps);
    const late = await recordContact(sms(phone, '电费又错了', '2026-11-25T02:00:00Z'), deps);
    expect(first.outcome.kind).toBe('ticket_opened');
    expect(second.outcome).toMatchObject({ kind: 'ticket_appended', ticketId: (first.outcome as { ticketId: string }).ticketId });
    expect(late.outcome.kind).toBe('ticket_opened');
    expect((late.outcome as { ticketId: string }).ticketId).not.toBe((first.outcome as { ticketId: string }).ticketId);
  });

  it('opens a new ticket when the threaded ticket was closed meanwhile', async () => {
    const phone = '+8613933334444';
    const first = await recordContact(sms(phone, '电费账单有问题', '2026-11-23T01:00:00Z'), deps);
    const ticketId = (first.outcome as { ticketId: string }).ticketId;
    await setup.doc.send(
      new UpdateCommand({ TableName: setup.tableName, Key: keys.ticket(ticketId), UpdateExpression: 'SET #s = :closed', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':closed': 'closed' } }),
    );
    const next = await recordContact(sms(phone, '电费账单还是不对', '2026-11-23T03:00:00Z'), deps);
    expect(next.outcome.kind).toBe('ticket_opened');
    expect((next.outcome as { ticketId: string }).ticketId).not.toBe(ticketId);
  });

  it('takes the next ticket number when the first candidate is already taken', async () => {
    const contact = sms('+8613944445555', 'suggest longer opening hours');
    const taken = ticketNumber(`sms#${contact.providerMessageId}`, new Date(contact.receivedAt), 'Asia/Shanghai', 0);
    await setup.doc.send(new UpdateCommand({ TableName: setup.tableName, Key: keys.ticket(taken), UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'closed' } }));
    const result = await recordContact(contact, deps);
    expect(result.outcome).toMatchObject({ kind: 'ticket_opened', ticketId: ticketNumber(`sms#${contact.providerMessageId}`, new Date(contact.receivedAt), 'Asia/Shanghai', 1) });
  });

  it('puts STOP on the opt-out ledger, answers a second STOP with silence, and START takes it off', async () => {
    const phone = '+8613955556666';
    const stop = await recordContact(sms(phone, 'STOP'), deps);
    expect(stop).toMatchObject({ outcome: { kind: 'opted_out' }, replyAllowed: true });
    expect((await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.smsOptOut(phone) }))).Item).toBeDefined();
    const again = await recordContact(sms(phone, '退订'), deps);
    expect(again).toMatchObject({ outcome: { kind: 'already_opted_out' }, replyAllowed: false });
    const ticket = await recordContact(sms(phone, '我要投诉'), deps);
    expect(ticket).toMatchObject({ outcome: { kind: 'ticket_opened' }, replyAllowed: false });
    expect(await recordContact(sms(phone, 'HELP'), deps)).toMatchObject({ outcome: { kind: 'help' }, replyAllowed: true });
    const start = await recordContact(sms(phone, 'START'), deps);
    expect(start.outcome.kind).toBe('opted_in');
    expect((await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.smsOptOut(phone) }))).Item).toBeUndefined();
  });

  it("copies a linked customer's STOP onto the profile (the outage planner reads it there) and START takes it off", async () => {
    const phone = hospital.phones[0]!;
    const profile = async () => (await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.customerProfile(hospital.accountNumber) }))).Item;
    await recordContact(sms(phone, 'STOP'), deps);
    expect((await profile())?.smsOptedOutPhones).toEqual(new Set([phone]));
    expect((await profile())?.name).toBe(hospital.name);
    await recordContact(sms(phone, 'START'), deps);
    expect((await profile())?.smsOptedOutPhones).toBeUndefined();
  });
});

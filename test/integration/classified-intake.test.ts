import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../functions/customers/customer';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, type IntakeDeps } from '../../functions/intake/intake';
import * as keys from '../../functions/shared/keys';
import { contactReply } from '../../functions/intake/replies';
import { intakeFixture, smsContact } from '../support/intake';

// Issue 10 through intake: the classifier's type, triage, confidentiality and key fields reach the ticket,
// and an account quoted by an unknown sender links the contact (and its outage).
const insideOutage: Customer = {
  accountNumber: '3300000101',
  name: '王芳',
  phones: ['+8613800000101'],
  address: '杭州市西湖区文三路9号',
  area: 'HZ-XIHU',
  feeder: 'HZ-XIHU-F02',
  transformer: 'T-0101',
  important: false,
  customerType: 'residential',
  language: 'zh-CN',
};
const elsewhere: Customer = { ...insideOutage, accountNumber: '3300000102', phones: ['+8613800000102'], feeder: 'HZ-XIHU-F03' };
const UNKNOWN_PHONES = ['+8613700000001', '+8613700000002', '+8613700000003', '+8613700000004', '+8613700000005', '+8613700000006'];

let setup: Awaited<ReturnType<typeof intakeFixture>>['setup'];
let deps: IntakeDeps;
const requests = { count: 0 };
let seq = 0;

function sms(from: string, text: string): Contact {
  return smsContact(from, text, `cls-${++seq}`);
}

async function storedTicket(ticketId: string) {
  const { Item } = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.ticket(ticketId) }));
  return Item;
}

/** DynamoDB requests one contact costs, with the active-outage list already cached (as in a warm function). */
async function requestsFor(contact: Contact) {
  await deps.outages.listActive();
  const before = requests.count;
  const result = await recordContact(contact, deps);
  return { result, requests: requests.count - before };
}

beforeAll(async () => {
  ({ setup, deps } = await intakeFixture('classified-intake', [insideOutage, elsewhere], { outageId: 'OUT-20261123-09', feeder: 'HZ-XIHU-F02', cause: { 'zh-CN': '电缆故障', en: 'cable fault' } }));
  setup.doc.middlewareStack.add(
    (next) => async (args) => {
      requests.count++;
      return next(args);
    },
    { step: 'initialize', name: 'requestCounter' },
  );
});

describe('intake with the trained classifier (DynamoDB Local)', () => {
  it('opens a top-priority emergency fault ticket for a fallen, sparking wire, and tells the sender to keep away', async () => {
    const { result, requests: count } = await requestsFor(sms(UNKNOWN_PHONES[0]!, '路边有根电线掉下来了，还在冒火花'));
    expect(result.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'fault_report', triage: 'emergency' });
    expect(count).toBe(2);
    const ticket = await storedTicket((result.outcome as { ticketId: string }).ticketId);
    expect(ticket).toMatchObject({ type: 'fault_report', priority: 1, triage: 'emergency', confidential: false });
    expect(ticket?.due.crewOnSite).toBe('2026-11-23T02:45:00.000Z');
    expect(contactReply(result.outcome, 'zh-CN', 'Asia/Shanghai', 50)).toContain('远离');
  });

  it('links an unknown sender who quotes an account inside the outage to that outage, for 3 requests', async () => {
    const { result, requests: count } = await requestsFor(sms(UNKNOWN_PHONES[1]!, `我妈家没电了，户号${insideOutage.accountNumber}，整栋楼都黑了`));
    expect(result.outcome).toMatchObject({ kind: 'outage_joined', outageId: 'OUT-20261123-09' });
    expect(count).toBe(3); // sender Query, the quoted account's GetItem, the transaction
    const report = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.outageReport('OUT-20261123-09', result.contactKey) }));
    expect(report.Item).toMatchObject({ accountNumber: insideOutage.accountNumber, sender: keys.phonePartition(UNKNOWN_PHONES[1]!) });
  });

  it('keeps the key fields and the quoted account on a ticket outside any outage', async () => {
    const { result } = await requestsFor(sms(UNKNOWN_PHONES[2]!, `户号${elsewhere.accountNumber}，文三路9号整栋楼停电了，回电138 0013 8000`));
    expect(result.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'fault_report' });
    const ticket = await storedTicket((result.outcome as { ticketId: string }).ticketId);
    expect(ticket).toMatchObject({
      accountNumber: elsewhere.accountNumber,
      keyFields: { account: elsewhere.accountNumber, phone: '+8613800138000', address: '文三路9号' },
    });
  });

  it('costs no extra read when the quoted account is unknown, and links nothing', async () => {
    const { result, requests: count } = await requestsFor(sms(UNKNOWN_PHONES[3]!, '户号3399999999，整个小区都停电了'));
    expect(count).toBe(3);
    const ticket = await storedTicket((result.outcome as { ticketId: string }).ticketId);
    expect(ticket?.accountNumber).toBeUndefined();
  });

  it('makes an indirect bribery report confidential, without linking the account it names', async () => {
    const text = `抄表员让我给他两百块，不然就说我家表有问题，他还说隔壁${elsewhere.accountNumber}也给了`;
    const { result, requests: count } = await requestsFor(sms(UNKNOWN_PHONES[4]!, text));
    expect(result.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'whistleblowing_report' });
    expect(count).toBe(2);
    const ticket = await storedTicket((result.outcome as { ticketId: string }).ticketId);
    expect(ticket).toMatchObject({ type: 'whistleblowing_report', confidential: true });
    expect(ticket?.accountNumber).toBeUndefined();
  });

  it("advises an electrician or the paid visit, with its price, for a fault in the customer's own wiring", async () => {
    const { result } = await requestsFor(sms(UNKNOWN_PHONES[5]!, 'Only my flat has no power, the breaker keeps tripping, the neighbours are fine'));
    expect(result.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'fault_report', triage: 'customer_side' });
    const reply = contactReply(result.outcome, 'en', 'Asia/Shanghai', 50);
    expect(reply).toContain('licensed electrician');
    expect(reply).toMatch(/\d+ yuan per visit/);
    const ticket = await storedTicket((result.outcome as { ticketId: string }).ticketId);
    expect(ticket).toMatchObject({ triage: 'customer_side', priority: 2 });
  });

  it('lists the ticket under the quoted customer', async () => {
    const { Items = [] } = await setup.doc.send(
      new QueryCommand({
        TableName: setup.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${elsewhere.accountNumber}` },
      }),
    );
    expect(Items.some((item) => item.type === 'fault_report')).toBe(true);
  });
});

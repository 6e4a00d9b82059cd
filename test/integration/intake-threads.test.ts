import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import type { Customer } from '../../functions/customers/customer';
import { classifyText } from '../../functions/intake/classify';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, type IntakeDeps } from '../../functions/intake/intake';
import { CachedOutageRegistry, OutageRepository } from '../../functions/outages/adapters/outage-repository';
import * as keys from '../../functions/shared/keys';
import { INDEX } from '../../functions/shared/table-design';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { freshTable } from '../support/dynamo';

const resident: Customer = {
  accountNumber: '3300000102',
  name: 'Alice Smith',
  phones: ['+8613800000102'],
  address: '8 Riverside Road, Binjiang',
  area: 'HZ-BINJIANG',
  feeder: 'HZ-BINJIANG-F02',
  transformer: 'HZ-BINJIANG-F02-T01',
  important: false,
  customerType: 'residential',
  language: 'en',
};

let setup: Awaited<ReturnType<typeof freshTable>>;
let deps: IntakeDeps;

function sms(from: string, text: string, id: string, receivedAt = '2026-11-23T02:00:00Z'): Contact {
  return { channel: 'sms', providerMessageId: id, sender: { phone: from }, receiver: '+8695598', receivedAt, language: 'en', text, attachments: [], rawRef: 'inline' };
}

async function ticketsOf(accountNumber: string) {
  const { Items = [] } = await setup.doc.send(
    new QueryCommand({ TableName: setup.tableName, IndexName: INDEX.byCustomerOrFeeder, KeyConditionExpression: 'gsi1pk = :c', ExpressionAttributeValues: { ':c': `CUSTOMER#${accountNumber}` } }),
  );
  return Items.filter((i) => i.sk === 'TICKET');
}

beforeAll(async () => {
  setup = await freshTable('intake-threads');
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([resident]);
  deps = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: new CachedOutageRegistry(new OutageRepository(setup.doc, setup.tableName), Date.now),
    calendar: new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] }),
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
  };
});

describe('one thread per sender under concurrency (DynamoDB Local)', () => {
  it('joins 20 simultaneous complaints of one sender into one ticket, every message on its timeline', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => sms(resident.phones[0]!, `I want to complain about the meter reader, part ${i + 1}`, `burst-${i}`));
    const results = await Promise.all(texts.map((contact) => recordContact(contact, deps)));

    const ticketIds = new Set(results.map((r) => ('ticketId' in r.outcome ? r.outcome.ticketId : r.outcome.kind)));
    expect(ticketIds.size).toBe(1);
    expect(results.filter((r) => r.outcome.kind === 'ticket_opened')).toHaveLength(1);
    expect(results.filter((r) => r.outcome.kind === 'ticket_appended')).toHaveLength(19);
    const tickets = await ticketsOf(resident.accountNumber);
    expect(tickets).toHaveLength(1);
    const [ticketId] = [...ticketIds];
    const { Items = [] } = await setup.doc.send(
      new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': keys.ticketPartition(ticketId!), ':e': 'EVENT#' } }),
    );
    expect(Items.map((i) => i.ref).sort()).toEqual(texts.map((c) => `sms#${c.providerMessageId}`).sort());
    // One work order: the department is asked once, not 20 times.
    const orders = await setup.doc.send(
      new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)', ExpressionAttributeValues: { ':pk': keys.ticketPartition(ticketId!), ':o': 'ORDER#' } }),
    );
    expect(orders.Items).toHaveLength(1);
  });

  it('still opens separate tickets for simultaneous messages of different types', async () => {
    const phone = '+8613800000199';
    const [complaint, application] = await Promise.all([
      recordContact(sms(phone, 'I want to complain about the rude staff at the service hall', 'mixed-1'), deps),
      recordContact(sms(phone, 'I want to apply for a new electricity connection', 'mixed-2'), deps),
    ]);
    expect(complaint.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'complaint' });
    expect(application.outcome).toMatchObject({ kind: 'ticket_opened', ticketType: 'service_application' });
  });
});

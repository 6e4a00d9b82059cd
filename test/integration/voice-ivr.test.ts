import { beforeAll, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { DynamoPinAttemptLedger } from '../../functions/customers/adapters/dynamo-pin-attempts';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { demoPin, syntheticCustomers } from '../../functions/customers/synthetic';
import { OutageRepository } from '../../functions/outages/adapters/outage-repository';
import * as keys from '../../functions/shared/keys';
import { TICKET_TYPES } from '../../functions/tickets/ticket';
import { syntheticBillSummary } from '../../functions/customers/bill-summary';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

interface FlowEvent {
  Details: { ContactData: { ContactId: string; CustomerEndpoint: { Address: string }; Attributes: Record<string, string> }; Parameters: Record<string, string> };
}

const context = { functionName: 'voice-ivr', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 8_000 } as unknown as Context;
const customers = syntheticCustomers(300);
/** On feeder HZ-XIHU-F02, inside the outage declared below (the same customer as in events/connect/ivr-outage-check.json). */
const inOutage = customers.find((c) => c.phones[0] === '+8615916308645')!;
/** Outside any outage (events/connect/ivr-verify-pin.json). */
const elsewhere = customers.find((c) => c.phones[0] === '+8615101000003')!;
/** The flow stores only these as contact attributes (connect/flows/ivr.json); they end up in contact records. */
const PERSISTED = ['ticketNumber', 'ticketType', 'language'];

let handler: (event: unknown, context: Context) => Promise<Record<string, string>>;
let setup: Awaited<ReturnType<typeof freshTable>>;
let seq = 0;

/** A sample event with a fresh ContactId (and whatever else the case is about). */
function flowEvent(file: string, change: (event: FlowEvent) => void = () => {}): FlowEvent {
  const event = loadEvent<FlowEvent>(`connect/${file}`);
  event.Details.ContactData.ContactId = `case-${++seq}-${Date.now()}`;
  change(event);
  return event;
}

function sameCall(event: FlowEvent, file: string, parameters: Record<string, string> = {}): FlowEvent {
  const next = loadEvent<FlowEvent>(`connect/${file}`);
  next.Details.ContactData.ContactId = event.Details.ContactData.ContactId;
  next.Details.ContactData.CustomerEndpoint.Address = event.Details.ContactData.CustomerEndpoint.Address;
  Object.assign(next.Details.Parameters, parameters);
  return next;
}

async function outageReports(outageId: string) {
  const { Items } = await setup.doc.send(
    new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': `OUTAGE#${outageId}`, ':r': 'REPORT#' } }),
  );
  return Items ?? [];
}

function expectNothingPersonal(answer: Record<string, string>, customer = elsewhere) {
  for (const value of Object.values(answer)) {
    expect(typeof value).toBe('string');
    for (const secret of [customer.accountNumber, customer.phones[0]!, customer.name, customer.address]) expect(value).not.toContain(secret);
  }
  expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(32 * 1024);
}

beforeAll(async () => {
  setup = await freshTable('voice-ivr');
  stubFunctionEnvironment(setup);
  const directory = new CustomerRepository(setup.doc, setup.tableName);
  await directory.saveCustomers([inOutage, elsewhere]);
  await directory.saveLatestBill(syntheticBillSummary(elsewhere.accountNumber));
  await new OutageRepository(setup.doc, setup.tableName).declare({
    outageId: 'OUT-VOICE-1',
    kind: 'unplanned',
    areas: [],
    feeders: [inOutage.feeder],
    cause: { 'zh-CN': '10千伏线路电缆故障', en: 'a cable fault on the 10 kV feeder' },
    etr: '2026-11-23T10:30:00Z',
    declaredAt: '2026-11-23T07:00:00Z',
    status: 'active',
  });
  ({ handler } = await import('../../functions/voice/handlers/ivr'));
});

describe('voice-ivr: outage check', () => {
  it('tells a caller inside an active outage the cause and ETR in Chinese, and counts the call once', async () => {
    const event = flowEvent('ivr-outage-check.json');
    const answer = await handler(event, context);
    expect(answer).toMatchObject({ result: 'outage', route: 'continue', attached: 'true', smsOffered: 'true', language: 'zh-CN' });
    expect(answer.prompt).toContain('10千伏线路电缆故障');
    expect(answer.prompt).toContain('11月23日18点30分');
    expect((await outageReports('OUT-VOICE-1')).filter((r) => r.contactKey === `voice#${event.Details.ContactData.ContactId}`)).toHaveLength(1);
  });

  it('attaches nothing when the flow asks again for the same ContactId (deflection counted once)', async () => {
    const event = flowEvent('ivr-outage-check.json');
    await handler(event, context);
    const before = (await outageReports('OUT-VOICE-1')).length;
    const again = await handler(structuredClone(event), context);
    expect(again).toMatchObject({ result: 'outage', attached: 'false' });
    expect((await outageReports('OUT-VOICE-1')).length).toBe(before);
  });

  it('speaks English to a caller who chose English', async () => {
    const answer = await handler(flowEvent('ivr-outage-check.json', (e) => (e.Details.ContactData.Attributes.language = 'en')), context);
    expect(answer.prompt).toContain('a cable fault on the 10 kV feeder');
    expect(answer.prompt).toContain('18:30 on 23 November');
  });

  it('signs the caller up for restoration texts on their report', async () => {
    const event = flowEvent('ivr-outage-check.json');
    await handler(event, context);
    expect(await handler(sameCall(event, 'ivr-sms-updates.json'), context)).toMatchObject({ result: 'subscribed', route: 'end' });
    const report = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.outageReport('OUT-VOICE-1', `voice#${event.Details.ContactData.ContactId}`) }));
    expect(report.Item?.smsUpdates).toBe(true);
  });

  it('sends a caller outside any outage on to the menu, without writing a report', async () => {
    const answer = await handler(flowEvent('ivr-outage-check.json', (e) => (e.Details.ContactData.CustomerEndpoint.Address = elsewhere.phones[0]!)), context);
    expect(answer).toMatchObject({ result: 'no_outage', route: 'continue' });
  });

  it("speaks the contact's own language first (Connect's Attributes.Language, as in Powertools' sample event), then the directory's, then the number's", async () => {
    const zhCustomer = customers.find((c) => c.language === 'zh-CN')!;
    const enCustomer = customers.find((c) => c.language === 'en')!;
    await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([zhCustomer, enCustomer]);
    const lookup = (phone: string, attributes: Record<string, string> = {}) =>
      handler(flowEvent('ivr-lookup.json', (e) => {
        e.Details.ContactData.CustomerEndpoint.Address = phone;
        e.Details.ContactData.Attributes = attributes;
      }), context);
    // An English caller on a Chinese customer's phone: the contact's language wins.
    expect(await lookup(zhCustomer.phones[0]!, { Language: 'en-US' })).toMatchObject({ result: 'known', languageHint: 'en', language: 'en', menuPrompt: expect.stringMatching(/^[ -~]+$/) });
    expect(await lookup(enCustomer.phones[0]!, { Language: 'zh-CN' })).toMatchObject({ languageHint: 'zh-CN' });
    // No contact language: the directory, even though Connect's LanguageCode says zh-CN.
    expect(await lookup(enCustomer.phones[0]!)).toMatchObject({ languageHint: 'en' });
    expect(await lookup(zhCustomer.phones[0]!)).toMatchObject({ languageHint: 'zh-CN' });
    // Not in the directory: the number's country.
    expect(await lookup('+447700900123')).toMatchObject({ result: 'unknown', languageHint: 'en' });
    expect(await lookup('+85291234567')).toMatchObject({ result: 'unknown', languageHint: 'zh-CN' });
  });

  it('treats an unknown or withheld number as unknown (the number is a hint, not identity)', async () => {
    expect(await handler(flowEvent('ivr-lookup.json', (e) => (e.Details.ContactData.CustomerEndpoint.Address = '+8613900000000')), context)).toMatchObject({ result: 'unknown' });
    expect(await handler(flowEvent('ivr-outage-check.json', (e) => (e.Details.ContactData.CustomerEndpoint.Address = 'anonymous')), context)).toMatchObject({ result: 'unknown_caller', route: 'continue' });
  });
});

describe('voice-ivr: verification and self-service', () => {
  it('gives no balance to a caller who has not entered the PIN', async () => {
    const answer = await handler(flowEvent('ivr-account-summary.json'), context);
    expect(answer).toMatchObject({ result: 'not_verified' });
    expect(answer.prompt).not.toMatch(/\d+\.\d\d/);
  });

  it('reads balance and last bill after bound phone plus PIN, with nothing personal in the answer', async () => {
    const event = flowEvent('ivr-verify-pin.json', (e) => (e.Details.Parameters.pin = demoPin(elsewhere.accountNumber)));
    expect(await handler(event, context)).toMatchObject({ result: 'verified', route: 'continue' });
    const summary = await handler(sameCall(event, 'ivr-account-summary.json'), context);
    const bill = syntheticBillSummary(elsewhere.accountNumber);
    expect(summary).toMatchObject({ result: 'ok' });
    expect(summary.prompt).toContain((bill.billAmountFen / 100).toFixed(2));
    expectNothingPersonal(summary);
    // Another call from the same number is not verified by this one.
    expect(await handler(flowEvent('ivr-account-summary.json'), context)).toMatchObject({ result: 'not_verified' });
  });

  it('locks the PIN after three wrong tries, even against the right PIN, and sends the caller to an agent', async () => {
    const wrong = () => flowEvent('ivr-verify-pin.json', (e) => (e.Details.Parameters.pin = '9999'));
    expect(await handler(wrong(), context)).toMatchObject({ result: 'retry', attemptsLeft: '2' });
    expect(await handler(wrong(), context)).toMatchObject({ result: 'retry', attemptsLeft: '1' });
    expect(await handler(wrong(), context)).toMatchObject({ result: 'locked', route: 'agent' });
    const right = flowEvent('ivr-verify-pin.json', (e) => (e.Details.Parameters.pin = demoPin(elsewhere.accountNumber)));
    expect(await handler(right, context)).toMatchObject({ result: 'locked', route: 'agent' });
    expect(await handler(sameCall(right, 'ivr-account-summary.json'), context)).toMatchObject({ result: 'not_verified' });
    await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.pinAttempts(elsewhere.accountNumber) })).then(({ Item }) => expect(Item?.attempts).toBe(3));
    // Unlock for the other cases (the lock itself is what was under test).
    await new DynamoPinAttemptLedger(setup.doc, setup.tableName).reset(elsewhere.accountNumber);
  });

  it('refuses self-service to a number not bound to any account', async () => {
    const answer = await handler(flowEvent('ivr-verify-pin.json', (e) => (e.Details.ContactData.CustomerEndpoint.Address = '+8613900000001')), context);
    expect(answer).toMatchObject({ result: 'not_bound', route: 'agent' });
  });
});

describe('voice-ivr: fault report and hand-off', () => {
  it('reads the keyed fault back, saves it only on confirmation, and hands over ticket number and type only', async () => {
    const event = flowEvent('ivr-report-fault.json');
    const readBack = await handler(event, context);
    expect(readBack).toMatchObject({ result: 'read_back', route: 'continue' });
    expect(readBack.prompt).toContain('全户无电');
    expect(readBack.prompt).toContain(elsewhere.accountNumber.slice(-4).split('').join(' '));
    const contactKey = `voice#${event.Details.ContactData.ContactId}`;
    expect((await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.contact(contactKey) }))).Item).toBeUndefined();

    const saved = await handler(sameCall(event, 'ivr-confirm-fault.json'), context);
    expect(saved).toMatchObject({ result: 'saved', ticketType: 'fault_report', ticketNumber: expect.stringMatching(/^\d{6}-\d{4}-\d{4}$/) });
    const ticket = await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.ticket(saved.ticketNumber!) }));
    expect(ticket.Item).toMatchObject({ type: 'fault_report', channel: 'voice', accountNumber: elsewhere.accountNumber });

    const again = await handler(sameCall(event, 'ivr-confirm-fault.json'), context);
    expect(again.ticketNumber).toBe(saved.ticketNumber);

    const handoff = await handler(sameCall(event, 'ivr-handoff.json'), context);
    expect(handoff).toMatchObject({ route: 'agent', ticketNumber: saved.ticketNumber, ticketType: 'fault_report' });
    for (const name of PERSISTED) {
      expect(handoff[name] ?? '').toMatch(new RegExp(`^(|\\d{6}-\\d{4}-\\d{4}|${TICKET_TYPES.join('|')}|zh-CN|en)$`));
    }
    expectNothingPersonal(handoff);
  });

  it('asks again for keypad input it cannot use', async () => {
    for (const keypad of ['9', '51', '1234', 'Timeout']) {
      expect(await handler(flowEvent('ivr-report-fault.json', (e) => (e.Details.Parameters.keypad = keypad)), context)).toMatchObject({ result: 'invalid', route: 'continue' });
    }
  });

  it('takes a typed account number, reading back only its last four digits', async () => {
    const answer = await handler(flowEvent('ivr-report-fault.json', (e) => (e.Details.Parameters.keypad = `3${inOutage.accountNumber}`)), context);
    expect(answer).toMatchObject({ result: 'read_back' });
    expectNothingPersonal(answer, inOutage);
  });

  it('routes to an agent when confirming with nothing read back', async () => {
    expect(await handler(flowEvent('ivr-confirm-fault.json'), context)).toMatchObject({ result: 'no_draft', route: 'agent' });
  });
});

describe('voice-ivr: failures route to an agent, never to Connect as an error', () => {
  it.each([
    ['not a contact-flow event', { hello: 'world' }],
    ['an unknown action', (() => { const e = loadEvent<FlowEvent>('connect/ivr-lookup.json'); e.Details.Parameters.action = 'format_disk'; return e; })()],
  ])('answers %s with the safe set', async (_name, event) => {
    expect(await handler(event, context)).toMatchObject({ result: 'error', route: 'agent', ticketNumber: '', ticketType: '' });
  });

  it('answers the safe set when DynamoDB fails', async () => {
    const { documentClient } = await import('../../functions/shared/clients');
    const broken = mockClient(documentClient);
    broken.onAnyCommand().rejects(Object.assign(new Error('Service unavailable'), { name: 'InternalServerError' }));
    try {
      const answer = await handler(flowEvent('ivr-verify-pin.json'), context);
      expect(answer).toMatchObject({ result: 'error', route: 'agent', ticketNumber: '', ticketType: '' });
      expectNothingPersonal(answer);
    } finally {
      broken.restore();
    }
  });

  it('answers the safe set at the deadline when DynamoDB never answers', async () => {
    const { documentClient } = await import('../../functions/shared/clients');
    const stuck = mockClient(documentClient);
    stuck.onAnyCommand().callsFake(() => new Promise(() => {}));
    // One second left of the invocation: the step gets what is left less a margin, not the configured deadline.
    const shortContext = { ...context, getRemainingTimeInMillis: () => 1_000 } as Context;
    try {
      const answer = await handler(flowEvent('ivr-account-summary.json'), shortContext);
      expect(answer).toMatchObject({ result: 'error', route: 'agent' });
    } finally {
      stuck.restore();
    }
  });

});

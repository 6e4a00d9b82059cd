import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectClient } from '@aws-sdk/client-connect';
import type { Context } from 'aws-lambda';
import { DynamoPinAttemptLedger } from '../../functions/customers/adapters/dynamo-pin-attempts';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { checkPinWithLockout, pinLockoutPolicy } from '../../functions/customers/pin-lockout';
import { demoPin, syntheticCustomers } from '../../functions/customers/synthetic';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';

// Every PIN comparison the channels make is counted: the lock must stop guesses before they are compared.
const compared = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../functions/customers/pin', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../functions/customers/pin')>();
  return {
    ...original,
    verifyPin: (pin: string, hash: string) => {
      compared.count++;
      return original.verifyPin(pin, hash);
    },
  };
});

mockClient(ConnectClient);
const voiceContext = { functionName: 'voice-ivr', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 8_000 } as unknown as Context;
const chatContext = { functionName: 'chat-api', awsRequestId: 'req-2', getRemainingTimeInMillis: () => 8_000 } as unknown as Context;
const customers = syntheticCustomers(12);
const wrongPin = (account: string) => (demoPin(account) === '9999' ? '8888' : '9999');

let voice: (event: unknown, context: Context) => Promise<Record<string, string>>;
let chat: (event: unknown, context: Context) => Promise<{ statusCode: number; body: string }>;
let seq = 0;

function verifyCall(phone: string, pin: string) {
  const event = loadEvent<{ Details: { ContactData: { ContactId: string; CustomerEndpoint: { Address: string } }; Parameters: Record<string, string> } }>('connect/ivr-verify-pin.json');
  event.Details.ContactData.ContactId = `lockout-${++seq}-${Date.now()}`;
  event.Details.ContactData.CustomerEndpoint.Address = phone;
  event.Details.Parameters.pin = pin;
  return event;
}

async function chatPost(path: string, body: unknown) {
  const event = loadEvent<Record<string, unknown> & { requestContext: { http: Record<string, string> } }>('chat/http-api-fault-report.json');
  event.rawPath = `/chat/api/${path}`;
  event.routeKey = `POST /chat/api/${path}`;
  event.requestContext.http.path = `/chat/api/${path}`;
  // A fresh client address per request: the per-address limit is not what is under test.
  event.requestContext.http.sourceIp = `198.51.100.${(++seq % 250) + 1}`;
  event.body = JSON.stringify(body);
  const response = await chat(event, chatContext);
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

const session = (n: number) => `lockout-session-${n}-${Date.now().toString(36)}-abcdef`;

beforeAll(async () => {
  const setup = await freshTable('pin-lockout');
  stubFunctionEnvironment(setup, { REJECTED_CONTACTS_QUEUE_URL: 'https://sqs.local/123/rejected-contacts', CONNECT_INSTANCE_ID: 'instance-1', CONNECT_CONTACT_FLOW_ID: 'flow-1', CONNECT_REGION: 'ap-southeast-1' });
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers(customers);
  ({ handler: voice } = await import('../../functions/voice/handlers/ivr'));
  ({ handler: chat } = await import('../../functions/chat/handlers/chat-api'));
});

beforeEach(() => {
  compared.count = 0;
});

describe('one PIN lockout per account, shared by voice and chat', () => {
  it('compares at most 3 of 20 simultaneous wrong guesses by voice, and then refuses the right PIN too', async () => {
    const customer = customers[0]!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => voice(verifyCall(customer.phones[0]!, wrongPin(customer.accountNumber)), voiceContext)));
    expect(compared.count).toBeLessThanOrEqual(3);
    expect(answers.every((a) => a.result === 'retry' || a.result === 'locked')).toBe(true);
    expect(await voice(verifyCall(customer.phones[0]!, demoPin(customer.accountNumber)), voiceContext)).toMatchObject({ result: 'locked', route: 'agent' });
  });

  it('does not verify the right PIN in chat after 40 wrong ones spread over 8 sessions', async () => {
    const customer = customers[1]!;
    for (let s = 0; s < 8; s++) {
      for (let i = 0; i < 5; i++) await chatPost('verify', { sessionId: session(s), accountNumber: customer.accountNumber, pin: wrongPin(customer.accountNumber) });
    }
    expect(compared.count).toBeLessThanOrEqual(3);
    const last = session(9);
    const answer = await chatPost('verify', { sessionId: last, accountNumber: customer.accountNumber, pin: demoPin(customer.accountNumber) });
    expect(answer.status).not.toBe(200);
    expect(answer.body.verified).toBeUndefined();
    expect((await chatPost('bill', { sessionId: last, clientMessageId: 'lockout-bill-1', text: '我的电费多少' })).status).toBe(401);
  });

  it('does not verify in chat an account that voice locked', async () => {
    const customer = customers[2]!;
    for (let i = 0; i < 3; i++) await voice(verifyCall(customer.phones[0]!, wrongPin(customer.accountNumber)), voiceContext);
    const answer = await chatPost('verify', { sessionId: session(20), accountNumber: customer.accountNumber, pin: demoPin(customer.accountNumber) });
    expect(answer).toMatchObject({ status: 429, body: { reason: 'pin_locked' } });
  });

  it('counts chat failures toward the voice lockout', async () => {
    const customer = customers[3]!;
    for (let i = 0; i < 3; i++) await chatPost('verify', { sessionId: session(30 + i), accountNumber: customer.accountNumber, pin: wrongPin(customer.accountNumber) });
    expect(await voice(verifyCall(customer.phones[0]!, demoPin(customer.accountNumber)), voiceContext)).toMatchObject({ result: 'locked' });
  });

  it('answers an unknown account like a known one, locked after as many tries (no enumeration)', async () => {
    const unknown = '9900000000';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chatPost('verify', { sessionId: session(40), accountNumber: unknown, pin: '1234' })).status);
    const known = customers[4]!;
    const knownStatuses: number[] = [];
    for (let i = 0; i < 4; i++) knownStatuses.push((await chatPost('verify', { sessionId: session(41), accountNumber: known.accountNumber, pin: wrongPin(known.accountNumber) })).status);
    expect(statuses).toEqual(knownStatuses);
  });

  it('resets the count when the right PIN is given before the lock', async () => {
    const customer = customers[5]!;
    await chatPost('verify', { sessionId: session(50), accountNumber: customer.accountNumber, pin: wrongPin(customer.accountNumber) });
    await chatPost('verify', { sessionId: session(50), accountNumber: customer.accountNumber, pin: wrongPin(customer.accountNumber) });
    expect((await chatPost('verify', { sessionId: session(51), accountNumber: customer.accountNumber, pin: demoPin(customer.accountNumber) })).status).toBe(200);
    expect(await voice(verifyCall(customer.phones[0]!, wrongPin(customer.accountNumber)), voiceContext)).toMatchObject({ result: 'retry', attemptsLeft: '2' });
  });
});

describe('the PIN attempt ledger at exact instants', () => {
  const policy = { maxAttempts: 3, lockMinutes: 15 };
  const at = (iso: string) => new Date(iso);
  let ledger: DynamoPinAttemptLedger;
  beforeAll(async () => {
    const setup = await freshTable('pin-ledger');
    ledger = new DynamoPinAttemptLedger(setup.doc, setup.tableName);
  });

  it('admits three attempts, refuses the fourth until 15 minutes after the third, then counts again from one', async () => {
    expect(await ledger.claim('A1', at('2026-11-23T10:00:00Z'), policy)).toEqual({ admitted: true, attemptsLeft: 2 });
    expect(await ledger.claim('A1', at('2026-11-23T10:05:00Z'), policy)).toEqual({ admitted: true, attemptsLeft: 1 });
    expect(await ledger.claim('A1', at('2026-11-23T10:10:00Z'), policy)).toEqual({ admitted: true, attemptsLeft: 0 });
    expect(await ledger.claim('A1', at('2026-11-23T10:24:59Z'), policy)).toEqual({ admitted: false, lockedUntil: at('2026-11-23T10:25:00Z') });
    expect(await ledger.claim('A1', at('2026-11-23T10:25:00Z'), policy)).toEqual({ admitted: true, attemptsLeft: 2 });
  });

  it('forgets attempts more than the lock time apart', async () => {
    await ledger.claim('A2', at('2026-11-23T09:00:00Z'), policy);
    await ledger.claim('A2', at('2026-11-23T09:01:00Z'), policy);
    expect(await ledger.claim('A2', at('2026-11-23T09:16:00Z'), policy)).toEqual({ admitted: true, attemptsLeft: 2 });
  });

  it('lets 3 of 20 simultaneous claims through, and a right PIN resets the count', async () => {
    const now = at('2026-11-23T11:00:00Z');
    const claims = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('A3', now, policy)));
    expect(claims.filter((c) => c.admitted)).toHaveLength(3);
    await ledger.claim('A4', now, policy);
    expect(await checkPinWithLockout(ledger, 'A4', () => true, now, policy)).toEqual({ result: 'verified' });
    expect(await ledger.claim('A4', now, policy)).toEqual({ admitted: true, attemptsLeft: 2 });
  });
});

describe('the lockout policy from configuration', () => {
  it('reads attempts and lock minutes, and refuses nonsense', () => {
    expect(pinLockoutPolicy({})).toEqual({ maxAttempts: 3, lockMinutes: 15 });
    expect(pinLockoutPolicy({ PIN_MAX_ATTEMPTS: '5', PIN_LOCK_MINUTES: '30' })).toEqual({ maxAttempts: 5, lockMinutes: 30 });
    expect(() => pinLockoutPolicy({ PIN_MAX_ATTEMPTS: '0' })).toThrow(/PIN_MAX_ATTEMPTS/);
    expect(() => pinLockoutPolicy({ PIN_LOCK_MINUTES: 'soon' })).toThrow(/PIN_LOCK_MINUTES/);
  });
});

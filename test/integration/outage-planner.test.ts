import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import type { Customer } from '../../functions/customers/customer';
import { OutageRepository } from '../../functions/outages/adapters/outage-repository';
import { declareOutage, restoreOutage, updateOutageEtr, type OutageCommandDeps } from '../../functions/outages/outage-commands';
import type { PlanningJob } from '../../functions/outages/ports';
import { OutboxReader } from '../../functions/outbound/adapters/outbox-reader';
import { PlannerRepository } from '../../functions/outbound/adapters/planner-repository';
import type { Notice } from '../../functions/outbound/notice';
import { planOutageNotices, type PlannerDeps } from '../../functions/outbound/planner-job';
import * as keys from '../../functions/shared/keys';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';

const NOW = new Date('2026-11-23T06:00:00Z');
const HOUR = 3_600_000;
let setup: Awaited<ReturnType<typeof freshTable>>;
let planner: PlannerRepository;
let plannerDeps: PlannerDeps;
let commands: OutageCommandDeps;

/** Customers of one area over three feeders, one important, one English, and one on another area. */
function customer(n: number, overrides: Partial<Customer> = {}): Customer {
  const feeder = `WEST-F0${(n % 3) + 1}`;
  return {
    accountNumber: `33010000${String(n).padStart(2, '0')}`,
    name: `Customer ${n}`,
    phones: [`+861380000${String(n).padStart(4, '0')}`],
    address: `No. ${n} West Road`,
    area: 'WEST',
    feeder,
    transformer: `${feeder}-T01`,
    important: false,
    customerType: 'residential',
    language: 'zh-CN',
    ...overrides,
  };
}

const AREA = Array.from({ length: 10 }, (_, i) => customer(i, i === 0 ? { important: true, customerType: 'business' } : i === 1 ? { language: 'en' } : {}));
const ELSEWHERE = customer(50, { area: 'EAST', feeder: 'EAST-F01', transformer: 'EAST-F01-T01' });
const STOPPED = AREA[2]!;

async function noticesOf(outageId: string): Promise<Notice[]> {
  return new OutboxReader(setup.doc, setup.tableName).noticesOfSource('outage', outageId);
}

function byTemplate(notices: Notice[], template: Notice['template']) {
  return notices.filter((n) => n.template === template);
}

beforeAll(async () => {
  setup = await freshTable('outage-planner');
  // On the ledger before the directory import: the import copies it onto the profile, which the planner reads.
  await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.smsOptOut(STOPPED.phones[0]!), optedOutAt: NOW.toISOString() } }));
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([...AREA, ELSEWHERE]);
  // A page of two customers: the planner pages even this small directory.
  planner = new PlannerRepository(setup.doc, setup.tableName, { pageSize: 2, writeConcurrency: 4 });
  const outages = new OutageRepository(setup.doc, setup.tableName);
  plannerDeps = { outages, directory: planner, optOuts: planner, notices: planner, progress: planner, now: () => NOW, timeZone: 'Asia/Shanghai' };
  // The queue runs the planner at once, as the local runtime does.
  commands = {
    store: outages,
    planning: { enqueue: async (job: PlanningJob) => void (await planOutageNotices(job, plannerDeps)) },
    now: () => NOW,
    etrChangeThresholdMinutes: 30,
  };
});

const declaration = (outageId: string) => ({
  outageId,
  kind: 'unplanned' as const,
  areas: ['WEST'],
  feeders: [],
  cause: { 'zh-CN': '线路故障', en: 'a line fault' },
  etr: new Date(NOW.getTime() + 3 * HOUR).toISOString(),
});

describe('outage notices through the outage commands and the planner (DynamoDB Local)', () => {
  it('declaring an area outage gives each customer of the area exactly one initial SMS, a call too for the important one, and nothing to a STOP number', async () => {
    await declareOutage(declaration('OUT-A'), commands);
    const initial = byTemplate(await noticesOf('OUT-A'), 'outage_initial');
    const sms = initial.filter((n) => n.channel === 'sms');
    expect(sms.map((n) => n.accountNumber).sort()).toEqual(AREA.map((c) => c.accountNumber).sort());
    expect(initial.filter((n) => n.channel === 'voice').map((n) => n.accountNumber)).toEqual([AREA[0]!.accountNumber]);
    const pending = initial.filter((n) => n.status === 'pending');
    expect(pending.map((n) => n.to)).not.toContain(STOPPED.phones[0]);
    expect(initial.find((n) => n.to === STOPPED.phones[0])?.status).toBe('suppressed_opt_out');
    expect(sms.find((n) => n.accountNumber === AREA[1]!.accountNumber)).toMatchObject({ language: 'en', params: { cause: 'a line fault' } });
    expect(initial.every((n) => n.attempts === 0 && n.quietHours === 'outage')).toBe(true);
  });

  it('declaring the same outage again writes nothing new', async () => {
    const before = await noticesOf('OUT-A');
    const again = await declareOutage(declaration('OUT-A'), commands);
    expect(again.changed).toBe(false);
    expect(await noticesOf('OUT-A')).toEqual(before);
  });

  it('a 5-minute ETR move adds nothing; a 2-hour move adds one update per customer', async () => {
    const count = (await noticesOf('OUT-A')).length;
    const etr = Date.parse(declaration('OUT-A').etr);
    await updateOutageEtr('OUT-A', { etr: new Date(etr + 5 * 60_000).toISOString() }, commands);
    expect(await noticesOf('OUT-A')).toHaveLength(count);
    await updateOutageEtr('OUT-A', { etr: new Date(etr + 2 * HOUR).toISOString() }, commands);
    const updates = byTemplate(await noticesOf('OUT-A'), 'outage_etr_changed');
    expect(updates.filter((n) => n.channel === 'sms').map((n) => n.accountNumber).sort()).toEqual(AREA.map((c) => c.accountNumber).sort());
    expect(updates).toHaveLength(AREA.length + 1);
    // The same ETR again: still one update each.
    await updateOutageEtr('OUT-A', { etr: new Date(etr + 2 * HOUR).toISOString() }, commands);
    expect(byTemplate(await noticesOf('OUT-A'), 'outage_etr_changed')).toHaveLength(AREA.length + 1);
  });

  it('restoring gives one restoration notice each, including reporters from outside the area, once even when a reporter is also affected', async () => {
    const reports = [
      { contactKey: 'sms#r1', sender: keys.phonePartition(ELSEWHERE.phones[0]!), accountNumber: ELSEWHERE.accountNumber, language: 'zh-CN' },
      { contactKey: 'sms#r2', sender: keys.phonePartition('+8613999990000'), language: 'en' },
      { contactKey: 'sms#r3', sender: keys.phonePartition(AREA[3]!.phones[0]!), accountNumber: AREA[3]!.accountNumber, language: 'zh-CN' },
    ];
    for (const { contactKey, ...report } of reports) {
      await setup.doc.send(new PutCommand({ TableName: setup.tableName, Item: { ...keys.outageReport('OUT-A', contactKey), contactKey, ...report } }));
    }
    await restoreOutage('OUT-A', {}, commands);
    const restored = byTemplate(await noticesOf('OUT-A'), 'outage_restored').filter((n) => n.channel === 'sms');
    expect(restored.map((n) => n.to).sort()).toEqual([...AREA.map((c) => c.phones[0]!), ELSEWHERE.phones[0]!, '+8613999990000'].sort());
    expect(restored.find((n) => n.to === '+8613999990000')).toMatchObject({ language: 'en', accountNumber: '' });
  });

  it('takes a restored outage off the active index and refuses to move its ETR', async () => {
    const active = await new OutageRepository(setup.doc, setup.tableName).listActive();
    expect(active.map((o) => o.outageId)).not.toContain('OUT-A');
    await expect(updateOutageEtr('OUT-A', { etr: new Date(NOW.getTime() + 9 * HOUR).toISOString() }, commands)).rejects.toThrow(/restored/);
  });

  it('never resets a notice already sent when a job is replayed after a crash', async () => {
    const job: PlanningJob = { outageId: 'OUT-B', plan: 'initial', revision: 0 };
    const quiet = { ...commands, planning: { enqueue: async () => {} } };
    await declareOutage({ ...declaration('OUT-B'), areas: [], feeders: ['WEST-F01'] }, quiet);
    await planOutageNotices(job, plannerDeps);
    const sent = (await noticesOf('OUT-B'))[0]!;
    await setup.doc.send(new UpdateCommand({ TableName: setup.tableName, Key: keys.notice(sent.noticeId), UpdateExpression: 'SET #s = :sent, attempts = :one', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':sent': 'sent', ':one': 1 } }));
    // A crash before the plan was marked complete: the progress says "started", no cursor.
    await setup.doc.send(new UpdateCommand({ TableName: setup.tableName, Key: keys.outagePlan('OUT-B', 'initial'), UpdateExpression: 'SET completed = :f, #seg = :zero REMOVE #cursor', ExpressionAttributeNames: { '#seg': 'segment', '#cursor': 'cursor' }, ExpressionAttributeValues: { ':f': false, ':zero': 0 } }));
    await planOutageNotices(job, plannerDeps);
    const after = await noticesOf('OUT-B');
    expect(after.find((n) => n.noticeId === sent.noticeId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(after).toHaveLength(AREA.filter((c) => c.feeder === 'WEST-F01').length + 1);
    // And a replay of a completed plan does nothing at all.
    expect((await planOutageNotices(job, plannerDeps)).status).toBe('already_planned');
  });
});

describe('replays after a crash mid-plan', () => {
  it('never resets a sent notice on the page after the one at the saved cursor (written while that cursor was being saved)', async () => {
    const job: PlanningJob = { outageId: 'OUT-M', plan: 'initial', revision: 0 };
    const quiet = { ...commands, planning: { enqueue: async () => {} } };
    await declareOutage({ ...declaration('OUT-M'), areas: [], feeders: ['WEST-F02'] }, quiet);
    await planOutageNotices(job, plannerDeps);
    // Pages of two: the saved progress is at the start (page 1); page 2 was written, and one of its notices sent, before the crash.
    const page1 = await planner.customersOnFeeder('WEST-F02');
    const page2 = await planner.customersOnFeeder('WEST-F02', page1.next);
    const sentId = `outage#OUT-M#outage_initial#${page2.items[0]!.accountNumber}#sms`;
    await setup.doc.send(new UpdateCommand({ TableName: setup.tableName, Key: keys.notice(sentId), UpdateExpression: 'SET #s = :sent, attempts = :one', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':sent': 'sent', ':one': 1 } }));
    await setup.doc.send(new UpdateCommand({ TableName: setup.tableName, Key: keys.outagePlan('OUT-M', 'initial'), UpdateExpression: 'SET completed = :f, #seg = :zero REMOVE #cursor', ExpressionAttributeNames: { '#seg': 'segment', '#cursor': 'cursor' }, ExpressionAttributeValues: { ':f': false, ':zero': 0 } }));
    await planOutageNotices(job, plannerDeps);
    const after = await noticesOf('OUT-M');
    expect(after.find((n) => n.noticeId === sentId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(after).toHaveLength(AREA.filter((c) => c.feeder === 'WEST-F02').length);
  });
});

describe('outage-planner handler (SQS)', () => {
  it('plans a queued job and hands back only the malformed message, as a batch item failure', async () => {
    stubFunctionEnvironment(setup, { PLANNER_QUEUE_URL: 'https://sqs.local/123/outage-planner' });
    const { handler } = await import('../../functions/outbound/handlers/outage-planner');
    await declareOutage({ ...declaration('OUT-Q'), areas: [], feeders: ['WEST-F01'] }, { ...commands, planning: { enqueue: async () => {} } });
    const context = { functionName: 'outage-planner', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
    const event = {
      Records: [
        { messageId: 'malformed', body: '{"outageId": "OUT-Q"}', eventSource: 'aws:sqs' },
        { messageId: 'job', body: JSON.stringify({ outageId: 'OUT-Q', plan: 'initial', revision: 0 }), eventSource: 'aws:sqs' },
      ],
    };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'malformed' }] });
    expect(await noticesOf('OUT-Q')).toHaveLength(AREA.filter((c) => c.feeder === 'WEST-F01').length + 1);
  });
});

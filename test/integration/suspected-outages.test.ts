import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import type { Customer } from '../../functions/customers/customer';
import { classifyText } from '../../functions/intake/classify';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, reopenReportAsTicket, type IntakeDeps } from '../../functions/intake/intake';
import { contactReply } from '../../functions/intake/replies';
import { clusterReportOf, DynamoClusterStore } from '../../functions/outages/adapters/dynamo-clusters';
import { CachedOutageRegistry, OutageRepository } from '../../functions/outages/adapters/outage-repository';
import { watchClusters, type ClusterWatchDeps } from '../../functions/outages/cluster-watch';
import { describeOutage } from '../../functions/outages/outage-commands';
import type { PlanningJob } from '../../functions/outages/ports';
import { confirmSuspicion, mergeSuspicion, rejectSuspicion, setStormMode, type SuspicionCommandDeps } from '../../functions/outages/suspicion-commands';
import type { ClusterReport } from '../../functions/outages/suspicion';
import * as keys from '../../functions/shared/keys';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { freshTable } from '../support/dynamo';

const NO_POWER = 'no power in our building and the whole street is dark';
const NOW = new Date('2026-11-23T02:20:00Z');

function customer(n: number, transformer: string, feeder = 'HZ-XIHU-F07'): Customer {
  return {
    accountNumber: `33100${String(n).padStart(5, '0')}`,
    name: `Customer ${n}`,
    phones: [`+86139${String(n).padStart(8, '0')}`],
    address: `No. ${n} Wensan Road`,
    area: 'HZ-XIHU',
    feeder,
    transformer,
    important: false,
    customerType: 'residential',
    language: 'en',
  };
}

// Transformers: T1 and T2 on feeder F07 (roll-up), T3 alone on F08 (rejection), T4 on F09 (the race), T5 on F10 (storm mode),
// T6 on F11 (intake's registry read before the suspicion opened), T7 on F13 (a cluster across a window boundary).
const T1 = Array.from({ length: 5 }, (_, i) => customer(i + 1, 'HZ-XIHU-F07-T01'));
const T2 = Array.from({ length: 3 }, (_, i) => customer(i + 11, 'HZ-XIHU-F07-T02'));
const T3 = Array.from({ length: 4 }, (_, i) => customer(i + 21, 'HZ-XIHU-F08-T01', 'HZ-XIHU-F08'));
const T4 = Array.from({ length: 120 }, (_, i) => customer(i + 100, 'HZ-XIHU-F09-T01', 'HZ-XIHU-F09'));
const T5 = Array.from({ length: 2 }, (_, i) => customer(i + 31, 'HZ-XIHU-F10-T01', 'HZ-XIHU-F10'));
const T6 = Array.from({ length: 5 }, (_, i) => customer(i + 41, 'HZ-XIHU-F11-T01', 'HZ-XIHU-F11'));
const T7 = Array.from({ length: 4 }, (_, i) => customer(i + 51, 'HZ-XIHU-F13-T01', 'HZ-XIHU-F13'));

let setup: Awaited<ReturnType<typeof freshTable>>;
let deps: IntakeDeps;
let registry: CachedOutageRegistry;
let store: DynamoClusterStore;
let watch: ClusterWatchDeps;
let commands: SuspicionCommandDeps;
const jobs: PlanningJob[] = [];
const fed = new Set<string>();
let seq = 0;

function sms(c: Customer, receivedAt: string, text = NO_POWER): Contact {
  return { channel: 'sms', providerMessageId: `so-${++seq}`, sender: { phone: c.phones[0]! }, receiver: '+8695598', receivedAt, language: 'en', text, attachments: [], rawRef: 'inline' };
}

/** What the table stream would deliver: cluster reports not yet handed to the watch. */
async function newClusterReports(): Promise<ClusterReport[]> {
  const { Items = [] } = await setup.doc.send(
    new ScanCommand({ TableName: setup.tableName, FilterExpression: 'begins_with(pk, :c)', ExpressionAttributeValues: { ':c': 'CLUSTER#' }, ConsistentRead: true }),
  );
  const fresh = Items.filter((i) => !fed.has(`${i.pk}|${i.sk}`));
  for (const i of fresh) fed.add(`${i.pk}|${i.sk}`);
  return fresh.map(clusterReportOf);
}

async function item(key: { pk: string; sk: string }) {
  return (await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: key, ConsistentRead: true }))).Item;
}

async function reportItems(outageId: string) {
  const { Items = [] } = await setup.doc.send(
    new QueryCommand({ TableName: setup.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': keys.outage(outageId).pk, ':r': 'REPORT#' }, ConsistentRead: true }),
  );
  return Items;
}

beforeAll(async () => {
  setup = await freshTable('suspected');
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([...T1, ...T2, ...T3, ...T4, ...T5, ...T6, ...T7]);
  const outages = new OutageRepository(setup.doc, setup.tableName);
  registry = new CachedOutageRegistry(outages, Date.now);
  deps = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: registry,
    calendar: new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] }),
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
    suspicionWindowMinutes: 30,
  };
  store = new DynamoClusterStore(setup.doc, setup.tableName);
  watch = { store, settings: { threshold: 3, stormThreshold: 2, windowMinutes: 30 }, now: () => NOW };
  commands = {
    suspicions: store,
    planning: { enqueue: async (job) => void jobs.push(job) },
    now: () => NOW,
    reopenAsTicket: (report) => reopenReportAsTicket(report, deps),
  };
});

describe('suspected outages from clusters of fault reports (DynamoDB Local)', () => {
  let suspicionT1: string;

  it('opens one suspected outage at the third customer under a transformer, with the earliest ticket as its one repair order', async () => {
    const first = await recordContact(sms(T1[0]!, '2026-11-23T02:01:00Z'), deps);
    const second = await recordContact(sms(T1[1]!, '2026-11-23T02:05:00Z'), deps);
    expect(await watchClusters(await newClusterReports(), watch)).toMatchObject({ opened: [], individual: 2 });

    const third = await recordContact(sms(T1[2]!, '2026-11-23T02:09:00Z'), deps);
    const tickets = [first, second, third].map((r) => (r.outcome.kind === 'ticket_opened' ? r.outcome.ticketId : ''));
    expect(tickets.every(Boolean)).toBe(true);
    const summary = await watchClusters(await newClusterReports(), watch);
    expect(summary.opened).toEqual(['SUSPECT-HZ-XIHU-F07-T01-202611230200']);
    expect(summary.attached).toBe(3);
    suspicionT1 = summary.opened[0]!;

    const outage = await describeOutage(suspicionT1, { store: new OutageRepository(setup.doc, setup.tableName) });
    expect(outage.reports).toBe(3);
    expect(outage.outage).toMatchObject({ status: 'suspected', transformers: ['HZ-XIHU-F07-T01'], suspicion: { threshold: 3, windowMinutes: 30, mode: 'normal', repairTicketId: tickets[0] } });
    // One dispatch: the first ticket keeps its order; the others are closed into the suspicion and their orders leave the inbox.
    expect(await item(keys.ticket(tickets[0]!))).toMatchObject({ status: 'new' });
    expect(await item(keys.workOrder(tickets[0]!, 1))).toMatchObject({ state: 'open', gsi1pk: expect.stringMatching(/^DEPT#/) });
    for (const ticketId of tickets.slice(1)) {
      expect(await item(keys.ticket(ticketId!))).toMatchObject({ status: 'closed', mergedInto: suspicionT1 });
      const order = await item(keys.workOrder(ticketId!, 1));
      expect(order).toMatchObject({ withdrawnInto: suspicionT1, due: {} });
      expect(order?.gsi1pk).toBeUndefined();
    }
  });

  it('attaches a later report to it without a ticket, telling the caller the centre already knows', async () => {
    registry.invalidate();
    const later = await recordContact(sms(T1[3]!, '2026-11-23T02:15:00Z'), deps);
    expect(later.outcome).toMatchObject({ kind: 'outage_joined', outageId: suspicionT1, suspected: true });
    expect(contactReply(later.outcome, 'en', 'Asia/Shanghai', 50)).toContain('we already know of a power fault in your area');
    expect(await reportItems(suspicionT1)).toHaveLength(4);
    // Redelivering the batch attaches nothing twice.
    const again = await watchClusters(
      (await reportItems(suspicionT1)).filter((r) => r.ticketId).map((r) => ({ ...clusterReportOf(r), feeder: 'HZ-XIHU-F07', area: 'HZ-XIHU' })),
      watch,
    );
    expect(again).toMatchObject({ attached: 0, alreadyAttached: 3 });
  });

  it('rolls a second transformer of the feeder up to the feeder instead of opening a second suspicion', async () => {
    for (const [i, c] of T2.entries()) await recordContact(sms(c, `2026-11-23T02:1${i}:30Z`), deps);
    const summary = await watchClusters(await newClusterReports(), watch);
    expect(summary).toMatchObject({ opened: [], attached: 3 });
    expect(await item(keys.outage(suspicionT1))).toMatchObject({ transformers: ['HZ-XIHU-F07-T01', 'HZ-XIHU-F07-T02'], suspicion: { rolledUpToFeeder: true } });
    expect(await reportItems(suspicionT1)).toHaveLength(7);
    expect(await item(keys.outage('SUSPECT-HZ-XIHU-F07-T02-202611230200'))).toMatchObject({ status: 'merged', decision: { into: suspicionT1 } });
  });

  it('confirms it through the outage API as a declared outage with cause and ETR, and plans the notices', async () => {
    const cause = { 'zh-CN': '10kV线路故障', en: '10 kV line fault' };
    const confirmed = await confirmSuspicion(suspicionT1, { cause, etr: '2026-11-23T06:00:00Z' }, commands);
    expect(confirmed).toMatchObject({ changed: true, plan: 'initial', outage: { status: 'active', feeders: ['HZ-XIHU-F07'], cause, decision: { action: 'confirmed' } } });
    expect(jobs).toContainEqual({ outageId: suspicionT1, plan: 'initial', revision: 0 });
    expect(await confirmSuspicion(suspicionT1, { cause, etr: '2026-11-23T06:00:00Z' }, commands)).toMatchObject({ changed: false });
    await expect(rejectSuspicion(suspicionT1, {}, commands)).rejects.toThrow(/confirmed/);
    // Now a declared outage: the next report on the feeder joins it as for any outage.
    registry.invalidate();
    const next = await recordContact(sms(T1[4]!, '2026-11-23T02:25:00Z'), deps);
    expect(next.outcome).toMatchObject({ kind: 'outage_joined', outageId: suspicionT1, cause });
    expect(next.outcome).not.toHaveProperty('suspected');
  });

  it('rejects one: closed tickets reopen with their orders, and reports without a ticket get one with clocks from when they reported', async () => {
    const early = [];
    for (const [i, c] of T3.slice(0, 3).entries()) early.push(await recordContact(sms(c, `2026-11-23T02:0${i + 1}:00Z`), deps));
    const { opened } = await watchClusters(await newClusterReports(), watch);
    const suspicion = opened[0]!;
    registry.invalidate();
    const joined = await recordContact(sms(T3[3]!, '2026-11-23T02:12:00Z'), deps);
    expect(joined.outcome).toMatchObject({ kind: 'outage_joined', suspected: true });

    const rejected = await rejectSuspicion(suspicion, { reason: 'three separate service drops' }, commands);
    expect(rejected.outage).toMatchObject({ status: 'rejected', decision: { action: 'rejected', ticketsReopened: 2, ticketsOpened: 1, reason: 'three separate service drops' } });
    for (const r of early) {
      const ticketId = r.outcome.kind === 'ticket_opened' ? r.outcome.ticketId : '';
      expect(await item(keys.ticket(ticketId))).toMatchObject({ status: 'new' });
      expect((await item(keys.workOrder(ticketId, 1)))?.gsi1pk).toMatch(/^DEPT#/);
    }
    const reportOfJoined = (await reportItems(suspicion)).find((r) => r.contactKey === joined.contactKey);
    const ticket = await item(keys.ticket(String(reportOfJoined?.ticketId)));
    // Reported 02:12 UTC: the 45-minute crew clock runs from then, not from the rejection.
    expect(ticket).toMatchObject({ type: 'fault_report', status: 'new', createdAt: '2026-11-23T02:12:00Z', due: { crewOnSite: '2026-11-23T02:57:00.000Z' } });
    expect(await item(keys.workOrder(String(reportOfJoined?.ticketId), 1))).toMatchObject({ state: 'open' });
    // Rejecting again changes nothing and counts nothing twice; intake stops joining it.
    expect(await rejectSuspicion(suspicion, {}, commands)).toMatchObject({ changed: false, outage: { decision: { ticketsReopened: 2, ticketsOpened: 1 } } });
    registry.invalidate();
    expect((await recordContact(sms(T3[3]!, '2026-11-23T02:16:00Z', 'still no power here, the street lights are out too'), deps)).outcome.kind).not.toBe('outage_joined');
  });

  it('opens exactly one suspicion when 120 reports under one transformer arrive at once and four watchers decide together', async () => {
    const results = await Promise.all(T4.map((c, i) => recordContact(sms(c, `2026-11-23T02:${String(10 + (i % 20)).padStart(2, '0')}:00Z`), deps)));
    expect(results.every((r) => r.outcome.kind === 'ticket_opened')).toBe(true);
    const reports = await newClusterReports();
    const quarters = [0, 1, 2, 3].map((q) => reports.filter((_, i) => i % 4 === q));
    const summaries = await Promise.all(quarters.map((batch) => watchClusters(batch, watch)));
    expect(summaries.flatMap((s) => s.opened)).toEqual(['SUSPECT-HZ-XIHU-F09-T01-202611230200']);
    const attached = await reportItems('SUSPECT-HZ-XIHU-F09-T01-202611230200');
    expect(attached).toHaveLength(120);
    expect(new Set(attached.map((r) => r.contactKey)).size).toBe(120);
    // One order left in a department's inbox for the 120 tickets.
    const orders = await Promise.all(results.map((r) => item(keys.workOrder(r.outcome.kind === 'ticket_opened' ? r.outcome.ticketId : '', 1))));
    expect(orders.filter((o) => o?.gsi1pk)).toHaveLength(1);
  }, 300_000);

  it('joins reports to a suspicion a second after it opens, though the container last read the registry just before', async () => {
    // A container of the storm: it keeps the registry for 15 s, unless it opens a network-fault ticket.
    let clock = NOW.getTime();
    const container = { ...deps, outages: new CachedOutageRegistry(new OutageRepository(setup.doc, setup.tableName), () => clock) };
    const first = [];
    for (const [i, c] of T6.slice(0, 3).entries()) first.push(await recordContact(sms(c, `2026-11-23T02:1${i}:00Z`), container));
    expect(first.map((r) => r.outcome.kind)).toEqual(['ticket_opened', 'ticket_opened', 'ticket_opened']);
    const { opened } = await watchClusters(await newClusterReports(), watch);
    expect(opened).toEqual(['SUSPECT-HZ-XIHU-F11-T01-202611230200']);

    clock += 1_000;
    const next = await recordContact(sms(T6[3]!, '2026-11-23T02:19:00Z'), container);
    expect(next.outcome).toMatchObject({ kind: 'outage_joined', outageId: 'SUSPECT-HZ-XIHU-F11-T01-202611230200', suspected: true });
  });

  it('counts a cluster that straddles a window boundary, but not reports older than one window', async () => {
    await recordContact(sms(T7[0]!, '2026-11-23T01:50:00Z'), deps);
    expect(await watchClusters(await newClusterReports(), watch)).toMatchObject({ opened: [], individual: 1 });
    for (const [i, at] of ['2026-11-23T02:28:00Z', '2026-11-23T02:29:00Z'].entries()) await recordContact(sms(T7[i + 1]!, at), deps);
    // 01:50 is more than 30 minutes before 02:29: two customers, no suspicion.
    expect(await watchClusters(await newClusterReports(), watch)).toMatchObject({ opened: [], individual: 2 });
    await recordContact(sms(T7[3]!, '2026-11-23T02:31:00Z'), deps);
    const summary = await watchClusters(await newClusterReports(), watch);
    // 02:28, 02:29 and 02:31 within 30 minutes across the 02:30 boundary: one suspicion, keyed by the earliest report's window.
    expect(summary).toMatchObject({ opened: ['SUSPECT-HZ-XIHU-F13-T01-202611230200'], attached: 3 });
  });

  it('opens at the storm threshold while operators have storm mode on, and says so on the outage', async () => {
    await setStormMode({ on: true }, commands);
    for (const [i, c] of T5.entries()) await recordContact(sms(c, `2026-11-23T02:0${i + 1}:00Z`), deps);
    const { opened } = await watchClusters(await newClusterReports(), watch);
    expect(opened).toHaveLength(1);
    expect(await item(keys.outage(opened[0]!))).toMatchObject({ suspicion: { threshold: 2, mode: 'storm' } });
    await setStormMode({ on: false }, commands);
  });

  it('merges one into a declared outage: its reports move there and it leaves the active index', async () => {
    const outages = new OutageRepository(setup.doc, setup.tableName);
    await outages.declare({ outageId: 'OUT-F10', kind: 'unplanned', areas: [], feeders: ['HZ-XIHU-F10'], cause: { 'zh-CN': '变电站检修', en: 'substation fault' }, etr: '2026-11-23T08:00:00Z', declaredAt: '2026-11-23T02:18:00Z', status: 'active' });
    const merged = await mergeSuspicion('SUSPECT-HZ-XIHU-F10-T01-202611230200', { into: 'OUT-F10' }, commands);
    expect(merged.outage).toMatchObject({ status: 'merged', decision: { action: 'merged', into: 'OUT-F10' } });
    expect(await reportItems('OUT-F10')).toHaveLength(2);
    expect((await outages.listActive()).map((o) => o.outageId)).not.toContain('SUSPECT-HZ-XIHU-F10-T01-202611230200');
  });
});

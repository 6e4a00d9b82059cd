import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import type { Customer } from '../../functions/customers/customer';
import { classifyText } from '../../functions/intake/classify';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import type { Contact } from '../../functions/intake/contact';
import { recordContact, reopenReportAsTicket, type IntakeDeps } from '../../functions/intake/intake';
import { clusterReportOf, DynamoClusterStore } from '../../functions/outages/adapters/dynamo-clusters';
import { CachedOutageRegistry, OutageRepository, SUSPICION_TRUST_MS } from '../../functions/outages/adapters/outage-repository';
import { watchClusters, type ClusterWatchDeps } from '../../functions/outages/cluster-watch';
import { rejectSuspicion, type SuspicionCommandDeps } from '../../functions/outages/suspicion-commands';
import type { ClusterReport } from '../../functions/outages/suspicion';
import * as keys from '../../functions/shared/keys';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { freshTable } from '../support/dynamo';

// Issue 13's races on DynamoDB Local: transformers of one feeder crossing the threshold in concurrent
// cluster-watch invocations, and a warm intake container whose cached registry still lists a suspicion
// that grid operations has just rejected.
const NO_POWER = 'no power in our building and the whole street is dark';
const NOW = new Date('2026-11-23T02:20:00Z');
const FEEDER = 'HZ-XIHU-F30';
const TRANSFORMERS = Array.from({ length: 6 }, (_, t) => `${FEEDER}-T0${t + 1}`);

function customer(n: number, transformer: string): Customer {
  return {
    accountNumber: `33300${String(n).padStart(5, '0')}`,
    name: `Customer ${n}`,
    phones: [`+86137${String(n).padStart(8, '0')}`],
    address: `No. ${n} Tianmushan Road`,
    area: 'HZ-XIHU',
    feeder: FEEDER,
    transformer,
    important: false,
    customerType: 'residential',
    language: 'en',
  };
}

// Three customers under each of the six transformers (the race), and more under T01 for what follows it.
const CROSSING = TRANSFORMERS.flatMap((transformer, t) => Array.from({ length: 3 }, (_, i) => customer(t * 10 + i + 1, transformer)));
const LATER = Array.from({ length: 4 }, (_, i) => customer(100 + i, TRANSFORMERS[0]!));
const NEXT_WINDOW = Array.from({ length: 3 }, (_, i) => customer(200 + i, TRANSFORMERS[5]!));

let setup: Awaited<ReturnType<typeof freshTable>>;
let deps: IntakeDeps;
let store: DynamoClusterStore;
let watch: ClusterWatchDeps;
const fed = new Set<string>();
let seq = 0;

function sms(c: Customer, receivedAt: string): Contact {
  return { channel: 'sms', providerMessageId: `race-${++seq}`, sender: { phone: c.phones[0]! }, receiver: '+8695598', receivedAt, language: 'en', text: NO_POWER, attachments: [], rawRef: 'inline' };
}

/** What the table stream would deliver: cluster reports not yet handed to a watch. */
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

/** Every suspicion item of the feeder, whatever its status (pointers of rolled-up transformers included). */
async function suspicionsOfFeeder() {
  const { Items = [] } = await setup.doc.send(
    new ScanCommand({
      TableName: setup.tableName,
      FilterExpression: 'begins_with(pk, :s) AND sk = :o',
      ExpressionAttributeValues: { ':s': `OUTAGE#SUSPECT-${FEEDER}`, ':o': 'OUTAGE' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

beforeAll(async () => {
  setup = await freshTable('suspicion-races');
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([...CROSSING, ...LATER, ...NEXT_WINDOW]);
  deps = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: new CachedOutageRegistry(new OutageRepository(setup.doc, setup.tableName), Date.now, 0, 0),
    calendar: new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] }),
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
    suspicionWindowMinutes: 30,
  };
  store = new DynamoClusterStore(setup.doc, setup.tableName);
  watch = { store, settings: { threshold: 3, stormThreshold: 2, windowMinutes: 30 }, now: () => NOW };
});

describe('suspected-outage races (DynamoDB Local)', () => {
  let suspicion: string;

  it('opens exactly one suspicion when six transformers of one feeder cross at once in eighteen concurrent watch invocations', async () => {
    const results = await Promise.all(CROSSING.map((c, i) => recordContact(sms(c, `2026-11-23T02:1${i % 10}:00Z`), deps)));
    expect(results.every((r) => r.outcome.kind === 'ticket_opened')).toBe(true);
    const reports = await newClusterReports();
    expect(reports).toHaveLength(18);

    // One invocation per report: each counts its transformer's window (three customers) and decides.
    const summaries = await Promise.all(reports.map((report) => watchClusters([report], watch)));

    expect(summaries.flatMap((s) => s.opened)).toHaveLength(1);
    suspicion = summaries.flatMap((s) => s.opened)[0]!;
    const open = (await suspicionsOfFeeder()).filter((o) => o.status === 'suspected');
    expect(open.map((o) => o.outageId)).toEqual([suspicion]);
    expect([...(open[0]!.transformers as string[])].sort()).toEqual(TRANSFORMERS);
    expect(open[0]).toMatchObject({ suspicion: { rolledUpToFeeder: true, feeder: FEEDER } });
    expect(await item(keys.suspicionClaim(FEEDER))).toMatchObject({ outageId: suspicion });

    // Every report attached once, to that suspicion, and to no other.
    const attached = await reportItems(suspicion);
    expect(attached.map((r) => r.contactKey).sort()).toEqual(results.map((r) => r.contactKey).sort());
    for (const other of (await suspicionsOfFeeder()).filter((o) => o.outageId !== suspicion)) {
      expect(other).toMatchObject({ status: 'merged', decision: { into: suspicion } });
      expect(await reportItems(String(other.outageId))).toEqual([]);
    }
    // One dispatch for the feeder: one work order left in a department's inbox.
    const orders = await Promise.all(results.map((r) => item(keys.workOrder(r.outcome.kind === 'ticket_opened' ? r.outcome.ticketId : '', 1))));
    expect(orders.filter((o) => o?.gsi1pk)).toHaveLength(1);

    const later = await recordContact(sms(LATER[0]!, '2026-11-23T02:21:00Z'), deps);
    expect(later.outcome).toMatchObject({ kind: 'outage_joined', outageId: suspicion, suspected: true });
  }, 120_000);

  it('stops a warm container joining reports to a rejected suspicion, and the rejection takes the reports it joined meanwhile', async () => {
    let clock = NOW.getTime();
    let reads = 0;
    const repository = new OutageRepository(setup.doc, setup.tableName);
    // A container of a storm: it keeps the registry 15 s, as in AWS.
    const container: IntakeDeps = {
      ...deps,
      outages: new CachedOutageRegistry({ listActive: () => (reads++, repository.listActive()) }, () => clock, 15_000),
    };
    const warm = await recordContact(sms(LATER[1]!, '2026-11-23T02:22:00Z'), container);
    expect(warm.outcome).toMatchObject({ kind: 'outage_joined', outageId: suspicion });
    expect(reads).toBe(1);

    let duringSettle: Awaited<ReturnType<typeof recordContact>> | undefined;
    const commands: SuspicionCommandDeps = {
      suspicions: store,
      planning: { enqueue: async () => {} },
      now: () => NOW,
      reopenAsTicket: (report) => reopenReportAsTicket(report, deps),
      // The container, still within its trust of the list it read, joins a report after the suspicion ended.
      settle: async () => void (duringSettle = await recordContact(sms(LATER[2]!, '2026-11-23T02:23:00Z'), container)),
    };
    const rejected = await rejectSuspicion(suspicion, { reason: 'separate service drops' }, commands);
    expect(duringSettle?.outcome).toMatchObject({ kind: 'outage_joined', outageId: suspicion });
    expect(rejected.outage).toMatchObject({ status: 'rejected', decision: { ticketsOpened: 3 } });
    // The report joined during the settle has its own ticket, its clock from when the customer texted.
    const late = (await reportItems(suspicion)).find((r) => r.contactKey === duringSettle?.contactKey);
    expect(await item(keys.ticket(String(late?.ticketId)))).toMatchObject({ status: 'new', createdAt: '2026-11-23T02:23:00Z' });

    // A second on, the container reads the registry again instead of joining the rejected suspicion.
    clock += SUSPICION_TRUST_MS;
    const after = await recordContact(sms(LATER[3]!, '2026-11-23T02:24:00Z'), container);
    expect(reads).toBe(2);
    expect(after.outcome).toMatchObject({ kind: 'ticket_opened' });
  }, 60_000);

  it('lets a new suspicion take the feeder over from the rejected one', async () => {
    for (const [i, c] of NEXT_WINDOW.entries()) await recordContact(sms(c, `2026-11-23T02:3${i + 1}:00Z`), deps);
    const reports = (await newClusterReports()).filter((r) => r.transformer === TRANSFORMERS[5]);
    const summaries = await Promise.all(reports.map((report) => watchClusters([report], { ...watch, now: () => new Date('2026-11-23T02:40:00Z') })));
    const opened = summaries.flatMap((s) => s.opened);
    expect(opened).toEqual([`SUSPECT-${TRANSFORMERS[5]}-202611230230`]);
    expect(await item(keys.suspicionClaim(FEEDER))).toMatchObject({ outageId: opened[0] });
    expect(await reportItems(opened[0]!)).toHaveLength(3);
  }, 60_000);
});

import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoKpiRepository } from '../../functions/kpis/adapters/dynamo-kpi-repository';
import * as keys from '../../functions/shared/keys';
import { kpiReport } from '../../functions/kpis/report';
import { freshTable, stubFunctionEnvironment } from '../support/dynamo';
import { loadEvent } from '../support/events';
import { emfLinesDuring } from '../support/emf';

interface KinesisEvent {
  Records: { kinesis: { data: string; sequenceNumber: string } }[];
}

const context = { functionName: 'kpi-ingest', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const DAY = { from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z' };

let handler: (event: unknown, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let setup: Awaited<ReturnType<typeof freshTable>>;

function indicator(report: Awaited<ReturnType<typeof kpiReport>>, name: string) {
  return report.indicators.find((i) => i.name === name)!;
}

beforeAll(async () => {
  setup = await freshTable('kpi-ingest');
  stubFunctionEnvironment(setup);
  // EMF lines go to stdout in Lambda; here they would only bury the report.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ handler } = await import('../../functions/kpis/handlers/ingest-contact-records'));
});

describe('kpi-ingest: a sample day of contact records', () => {
  it('gives the hand-computed indicators (events/connect/contact-records-sample-day.json), each against its target', async () => {
    const event = loadEvent<KinesisEvent>('connect/kinesis-contact-records.json');
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    const report = await kpiReport(new DynamoKpiRepository(setup.doc, setup.tableName), DAY.from, DAY.to);

    expect(report.intervals).toBe(4);
    expect(indicator(report, 'offered').value).toBe(7);
    expect(indicator(report, 'answered').value).toBe(5);
    expect(indicator(report, 'abandoned').value).toBe(2);
    expect(indicator(report, 'answer rate').value).toBeCloseTo(5 / 7, 10);
    expect(indicator(report, 'service level (12 s)')).toMatchObject({ met: false });
    expect(indicator(report, 'service level (12 s)').value).toBeCloseTo(4 / 7, 10);
    expect(indicator(report, 'average speed of answer')).toMatchObject({ value: 48 / 5, met: true });
    expect(indicator(report, 'average talk time')).toMatchObject({ value: 128, met: true, target: '<= 150 s' });
    expect(indicator(report, 'average after-call work')).toMatchObject({ value: 42, met: true, target: '<= 60 s' });
    expect(indicator(report, 'transfer rate')).toMatchObject({ value: 0.2, met: false, target: '<= 3%' });
    expect(indicator(report, 'IVR deflected').value).toBeCloseTo(2 / 9, 10);
    expect(indicator(report, 'repeat contacts within 7 days').value).toBeCloseTo(3 / 9, 10);
  });

  it('counts nothing twice when Kinesis delivers the same records again', async () => {
    const repository = new DynamoKpiRepository(setup.doc, setup.tableName);
    const before = await kpiReport(repository, DAY.from, DAY.to);
    await handler(loadEvent('connect/kinesis-contact-records.json'), context);
    expect(await kpiReport(repository, DAY.from, DAY.to)).toEqual(before);
  });

  it('splits the day by interval: the first quarter hour alone', async () => {
    const report = await kpiReport(new DynamoKpiRepository(setup.doc, setup.tableName), '2026-11-23T01:00:00Z', '2026-11-23T01:15:00Z');
    expect(indicator(report, 'offered').value).toBe(3);
    expect(indicator(report, 'answered').value).toBe(2);
    expect(indicator(report, 'IVR deflected').value).toBeCloseTo(1 / 4, 10);
  });

  it('skips a record that is not a contact record instead of blocking the shard', async () => {
    const event = loadEvent<KinesisEvent>('connect/kinesis-contact-records.json');
    event.Records = [event.Records[0]!];
    event.Records[0]!.kinesis.data = Buffer.from('not json').toString('base64');
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
  });

  it('reports a record DynamoDB refused, and the records after it untried, so the retry starts there in stream order', async () => {
    const event = loadEvent<KinesisEvent>('connect/kinesis-contact-records.json');
    const [first, second, third] = event.Records;
    const record = (n: number) => JSON.parse(Buffer.from(event.Records[n]!.kinesis.data, 'base64').toString('utf8')) as Record<string, unknown>;
    const withId = (n: number, contactId: string) => Buffer.from(JSON.stringify({ ...record(n), ContactId: contactId })).toString('base64');
    // A key over DynamoDB's 2,048-byte limit: a real refusal from DynamoDB Local, no mock.
    event.Records = [
      { ...first!, kinesis: { ...first!.kinesis, data: withId(0, 'retry-order-1') } },
      { ...second!, kinesis: { ...second!.kinesis, data: withId(1, 'x'.repeat(3000)) } },
      { ...third!, kinesis: { ...third!.kinesis, data: withId(2, 'retry-order-3') } },
    ];
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: second!.kinesis.sequenceNumber }, { itemIdentifier: third!.kinesis.sequenceNumber }] });
    // The first was counted (its seen-record item is there); the third was not tried.
    const seen = async (contactId: string) => (await setup.doc.send(new GetCommand({ TableName: setup.tableName, Key: keys.kpiContactRecord(contactId) }))).Item !== undefined;
    expect([await seen('retry-order-1'), await seen('retry-order-3')]).toEqual([true, false]);
  });
});

describe('kpi-ingest: the call metrics (the telephony dashboard and alarms)', () => {
  it('publishes a batch as one line under Hotline/Calls with the service dimension, each counted record a sample of every metric; a record counted before adds none', async () => {
    const event = loadEvent<KinesisEvent>('connect/kinesis-contact-records.json');
    const withId = (n: number, contactId: string) => {
      const record = JSON.parse(Buffer.from(event.Records[n]!.kinesis.data, 'base64').toString('utf8')) as Record<string, unknown>;
      return { ...event.Records[n]!, kinesis: { ...event.Records[n]!.kinesis, data: Buffer.from(JSON.stringify({ ...record, ContactId: contactId })).toString('base64') } };
    };
    event.Records = [withId(0, 'metrics-1'), withId(1, 'metrics-2')];
    const [line, ...more] = await emfLinesDuring(() => handler(event, context));
    expect(more).toEqual([]);
    const count = (name: string) => ({ Name: name, Unit: 'Count' });
    const seconds = (name: string) => ({ Name: name, Unit: 'Seconds' });
    expect(line).toMatchObject({ service: 'kpi-ingest', _aws: { CloudWatchMetrics: [{ Namespace: 'Hotline/Calls', Dimensions: [['service']] }] } });
    const definitions = (line!._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]!.Metrics;
    expect(definitions).toEqual(expect.arrayContaining([count('Inbound'), count('Offered'), count('Answered'), count('Abandoned'), count('AnsweredWithin12s'), seconds('QueueWaitSeconds'), seconds('TalkSeconds'), seconds('AfterCallWorkSeconds'), count('Transferred'), count('IvrDeflected'), count('RepeatContacts')]));
    expect(definitions).toHaveLength(11);
    for (const { Name } of definitions) expect(line![Name]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(await emfLinesDuring(() => handler(event, context))).toEqual([]);
  });
});

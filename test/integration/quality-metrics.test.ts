import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoQuality } from '../../functions/quality/adapters/dynamo-quality';
import { drawSample } from '../../functions/quality/quality';
import { freshTable } from '../support/dynamo';

// An inspector's reviews and outage checks, counted once in DynamoDB (the API's indicators) and published once as
// metrics (the CloudWatch dashboard draws each against its target): the two must not drift apart.
let quality: DynamoQuality;
let tableName: string;
const lines: string[] = [];
const writes = vi.spyOn(process.stdout, 'write');

beforeAll(async () => {
  const setup = await freshTable('quality-metrics');
  tableName = setup.tableName;
  quality = new DynamoQuality(setup.doc, setup.tableName);
  writes.mockImplementation((chunk) => (lines.push(String(chunk)), true));
  // The suite turns metrics off (vitest.config.ts); here they are what is tested.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
});

afterAll(() => {
  writes.mockRestore();
  vi.unstubAllEnvs();
});

const metricsPrinted = () => lines.filter((l) => l.includes('"Hotline/Quality"')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('quality reviews and outage checks as metrics', () => {
  it('publishes a review once, by kind, with its verdict; the same review again publishes nothing', async () => {
    const sample = drawSample('2026-12-01', [
      { ticketId: '202612-0001-0001', type: 'complaint', confidential: false },
      { ticketId: '202612-0001-0002', type: 'information_query', confidential: false },
    ]);
    await quality.saveSample(sample);
    const [nonQuery, query] = [sample.find((i) => i.kind === 'non_query')!, sample.find((i) => i.kind === 'query')!];
    lines.length = 0;
    await quality.review(nonQuery, { correct: false }, 'inspector-1', '2026-12-02T01:00:00.000Z');
    await quality.review(query, { correct: true, keyFieldsCorrect: true }, 'inspector-1', '2026-12-02T01:05:00.000Z');
    await quality.review(query, { correct: true, keyFieldsCorrect: true }, 'inspector-1', '2026-12-02T01:06:00.000Z');
    expect(metricsPrinted()).toEqual([
      expect.objectContaining({ service: 'quality', Table: tableName, kind: 'non_query', SampleReviewed: 1, SampleCorrect: 0 }),
      expect.objectContaining({ kind: 'query', SampleReviewed: 1, SampleCorrect: 1, SampleKeyFieldsCorrect: 1 }),
    ]);
    expect(metricsPrinted()[0]).not.toHaveProperty('SampleKeyFieldsCorrect');
  });

  it('publishes an outage check once', async () => {
    lines.length = 0;
    await quality.checkOutage('OUT-1', false, 'inspector-1', '2026-12-02T02:00:00.000Z', '2026-12-02');
    await quality.checkOutage('OUT-1', true, 'inspector-1', '2026-12-02T02:01:00.000Z', '2026-12-02');
    expect(metricsPrinted()).toEqual([expect.objectContaining({ OutageInfoChecked: 1, OutageInfoCorrect: 0, _aws: expect.objectContaining({ Timestamp: Date.parse('2026-12-02T02:00:00.000Z') }) })]);
  });
});

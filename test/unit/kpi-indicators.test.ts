import { describe, expect, it } from 'vitest';
import { addCounts, countsOf, intervalStart, kpiTable, ZERO_COUNTS } from '../../functions/kpis/kpi';
import { ContactRecordSchema, type ContactRecord } from '../../functions/kpis/schemas';
import { loadEvent } from '../support/events';

const day = loadEvent<{ records: unknown[] }>('connect/contact-records-sample-day.json').records.map((r) => ContactRecordSchema.parse(r));
const byId = (id: string) => day.find((r) => r.ContactId === id) as ContactRecord;

describe('call indicators from contact records', () => {
  it('puts a record in the 15-minute interval it started in', () => {
    expect(intervalStart('2026-11-23T01:14:59Z')).toBe('2026-11-23T01:00:00.000Z');
    expect(intervalStart('2026-11-23T01:15:00Z')).toBe('2026-11-23T01:15:00.000Z');
  });

  it('counts an answered call with its wait, talk and after-call work', () => {
    expect(countsOf(byId('ctr-0002'), false)).toMatchObject({ offered: 1, answered: 1, answeredWithinThreshold: 0, queueWaitSeconds: 20, talkSeconds: 200, afterCallWorkSeconds: 70, transferred: 1 });
    expect(countsOf(byId('ctr-0005'), true)).toMatchObject({ answeredWithinThreshold: 1, repeatContacts: 1 });
  });

  it('counts a call that never reached the queue as deflected, one that left the queue as abandoned, and ignores outbound', () => {
    expect(countsOf(byId('ctr-0003'), false)).toMatchObject({ inbound: 1, offered: 0, ivrDeflected: 1 });
    expect(countsOf(byId('ctr-0004'), false)).toMatchObject({ offered: 1, answered: 0, abandoned: 1 });
    expect(countsOf(byId('ctr-0007'), false)).toBeUndefined();
  });

  it('gives the hand-computed table for the sample day, each with its target', () => {
    const repeats = new Set(['ctr-0005', 'ctr-0006', 'ctr-0010']);
    const total = day.reduce((sum, r) => addCounts(sum, countsOf(r, repeats.has(r.ContactId)) ?? ZERO_COUNTS), ZERO_COUNTS);
    const table = Object.fromEntries(kpiTable(total).map((i) => [i.name, i]));
    expect(table['service level (12 s)']).toMatchObject({ value: 4 / 7, met: false });
    expect(table['average talk time']).toMatchObject({ value: 128, met: true });
    expect(table['average after-call work']).toMatchObject({ value: 42, met: true });
    expect(table['transfer rate']).toMatchObject({ value: 0.2, met: false });
    expect(table['repeat contacts within 7 days']?.value).toBeCloseTo(1 / 3, 10);
  });

  it('leaves rates undefined, not zero, when there were no calls', () => {
    expect(kpiTable(ZERO_COUNTS).find((i) => i.name === 'answer rate')).toMatchObject({ value: undefined, met: undefined });
  });
});

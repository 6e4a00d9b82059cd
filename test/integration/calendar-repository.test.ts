import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CachedWorkingCalendar, CalendarRepository } from '../../functions/tickets/adapters/calendar-repository';
import { InvalidCalendarError, type CalendarStatus, type CalendarYear } from '../../functions/tickets/calendar';
import { freshTable } from '../support/dynamo';

const notice2027: CalendarYear = { year: 2027, holidays: ['2027-01-01', '2027-02-08'], makeUpWorkingDays: ['2027-02-20'], source: 'example notice' };
const tenAm = (date: string) => new Date(`${date}T10:00:00+08:00`);

let doc: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  ({ doc, tableName } = await freshTable('calendar'));
});

describe('the calendar repository', () => {
  it('serves the seed, then a year a supervisor loads, after the cache expires, and reports how far ahead it reaches', async () => {
    const repository = new CalendarRepository(doc, tableName);
    let now = new Date('2026-11-02T02:00:00Z');
    const statuses: CalendarStatus[] = [];
    const cached = new CachedWorkingCalendar(repository, { now: () => now, timeZone: 'Asia/Shanghai', ttlMs: 60_000, onRefresh: (s) => statuses.push(s) });

    const before = await cached.current();
    expect(before.isWorkingDay(tenAm('2026-10-08'))).toBe(true);
    expect(before.isWorkingDay(tenAm('2027-02-08'))).toBe(true);
    expect(statuses).toEqual([{ year: 2026, yearsAhead: 0, nextYearDue: true }]);

    await repository.save(notice2027, 'supervisor', now);
    expect(await cached.current()).toBe(before);
    now = new Date(now.getTime() + 60_000);
    const after = await cached.current();
    expect(after.isWorkingDay(tenAm('2027-02-08'))).toBe(false);
    expect(after.isWorkingDay(tenAm('2027-02-20'))).toBe(true);
    expect(statuses.at(-1)).toEqual({ year: 2026, yearsAhead: 1, nextYearDue: false });
    expect(await repository.loadedYears()).toEqual([notice2027]);
  });

  it('refuses to store a malformed year', async () => {
    await expect(new CalendarRepository(doc, tableName).save({ ...notice2027, holidays: ['2027-13-01'] }, 'supervisor', new Date())).rejects.toThrow(InvalidCalendarError);
  });

  it('keeps clocks running on the seed when the table cannot be read, and tries again next time', async () => {
    const errors: unknown[] = [];
    const broken = new CachedWorkingCalendar(new CalendarRepository(doc, 'no-such-table'), { now: () => new Date('2026-11-02T02:00:00Z'), timeZone: 'Asia/Shanghai', onReadError: (e) => errors.push(e) });
    const calendar = await broken.current();
    expect(calendar.isWorkingDay(tenAm('2026-10-01'))).toBe(false);
    await broken.current();
    expect(errors).toHaveLength(2);
  });
});

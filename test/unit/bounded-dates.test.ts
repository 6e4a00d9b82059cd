import { describe, expect, it } from 'vitest';
import { CalendarRangeError } from '../../functions/tickets/calendar';
import { seedCalendar } from '../../functions/tickets/seed-calendar';
import { dueInstants } from '../../functions/tickets/sla';
import { receiptTime } from '../../functions/intake/contact';
import { smsContact } from '../../functions/sms/sms-contact';
import { loadEvent } from '../support/events';
import type { SnsRecord } from '../../functions/sms/schemas';

const calendar = seedCalendar();

const NOW = new Date('2026-12-01T02:00:00.000Z');

function smsRecord(timestamp: string): SnsRecord {
  const event = loadEvent<{ Records: SnsRecord[] }>('sns/sms-bill-question.json');
  const record = event.Records[0]!;
  return { ...record, Sns: { ...record.Sns, Timestamp: timestamp } };
}

describe('dates from outside are bounded', () => {
  it.each([
    ['the year 10000 in Shanghai', '9999-12-31T20:00:00Z'],
    ['1970', '1970-01-01T00:00:00Z'],
    ['2019', '2019-06-01T08:00:00+08:00'],
    ['an hour ahead of the receipt', '2026-12-01T03:00:00.000Z'],
  ])('keeps a provider timestamp in %s as given, but clocks start when the contact was received', (_case, timestamp) => {
    const contact = smsContact(smsRecord(timestamp), NOW);
    expect(contact.receivedAt).toBe(NOW.toISOString());
    expect(contact.providerTimestamp).toBe(timestamp);
  });

  it('keeps a plausible provider time (a retry minutes later) as the received time', () => {
    expect(receiptTime('2026-12-01T01:55:00.000Z', NOW)).toEqual({ receivedAt: '2026-12-01T01:55:00.000Z', providerTimestamp: '2026-12-01T01:55:00.000Z' });
  });

  it('refuses working-day arithmetic past the calendar range with a specific error, at once', () => {
    const started = performance.now();
    expect(() => calendar.addWorkingDays(new Date('9999-12-31T20:00:00Z'), 2)).toThrow(CalendarRangeError);
    expect(() => dueInstants({ type: 'complaint', openedAt: new Date('9999-12-31T20:00:00Z'), calendar })).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays(new Date('0001-01-01T00:00:00Z'), 1)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(CalendarRangeError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses absurd day counts rather than looping through them', () => {
    const started = performance.now();
    expect(() => calendar.addWorkingDays(NOW, 1e9)).toThrow(CalendarRangeError);
    expect(() => calendar.addCalendarDays(NOW, 1e9)).toThrow(CalendarRangeError);
    expect(() => calendar.addCalendarMonths(NOW, 1e9)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays(NOW, 1.5)).toThrow(CalendarRangeError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS, nextAllowedInstant, type QuietHoursRules } from '../../functions/outbound/quiet-hours';

const reminder = { quietHours: 'reminder', customerType: 'residential' } as const;
const at = (iso: string) => new Date(iso);

describe('quiet hours (Shanghai, UTC+8)', () => {
  it.each([
    ['20:59:59 local: allowed', '2026-03-09T12:59:59Z', '2026-03-09T12:59:59.000Z'],
    ['21:00 local: waits for 08:00 next day', '2026-03-09T13:00:00Z', '2026-03-10T00:00:00.000Z'],
    ['23:30 local: waits across midnight', '2026-03-09T15:30:00Z', '2026-03-10T00:00:00.000Z'],
    ['00:10 local (after midnight): same morning', '2026-03-09T16:10:00Z', '2026-03-10T00:00:00.000Z'],
    ['07:59:59 local: one second to go', '2026-03-09T23:59:59Z', '2026-03-10T00:00:00.000Z'],
    ['08:00 local: allowed', '2026-03-10T00:00:00Z', '2026-03-10T00:00:00.000Z'],
  ])('a bill notice at %s', (_name, now, expected) => {
    expect(nextAllowedInstant(at(now), reminder, DEFAULT_QUIET_HOURS).toISOString()).toBe(expected);
  });

  it('sends an unplanned outage notice at night, holds a planned one until morning', () => {
    const night = at('2026-03-09T18:00:00Z'); // 02:00 local
    expect(nextAllowedInstant(night, { quietHours: 'outage', customerType: 'residential', outageKind: 'unplanned' }, DEFAULT_QUIET_HOURS)).toEqual(night);
    expect(nextAllowedInstant(night, { quietHours: 'outage', customerType: 'residential', outageKind: 'planned' }, DEFAULT_QUIET_HOURS).toISOString()).toBe('2026-03-10T00:00:00.000Z');
  });

  it('applies a stricter window to business customers when configured', () => {
    const rules: QuietHoursRules = { ...DEFAULT_QUIET_HOURS, reminder: { residential: { from: '21:00', until: '08:00' }, business: { from: '18:00', until: '09:00' } } };
    const evening = at('2026-03-09T11:00:00Z'); // 19:00 local
    expect(nextAllowedInstant(evening, { ...reminder }, rules)).toEqual(evening);
    expect(nextAllowedInstant(evening, { quietHours: 'reminder', customerType: 'business' }, rules).toISOString()).toBe('2026-03-10T01:00:00.000Z');
  });
});

describe('quiet hours in other zones', () => {
  it('judges the same instant by the centre zone: day in Shanghai, night in New York', () => {
    const instant = at('2026-03-10T03:00:00Z'); // 11:00 Shanghai, 23:00 New York (EDT)
    expect(nextAllowedInstant(instant, reminder, DEFAULT_QUIET_HOURS)).toEqual(instant);
    const ny = { ...DEFAULT_QUIET_HOURS, timeZone: 'America/New_York' };
    expect(nextAllowedInstant(instant, reminder, ny).toISOString()).toBe('2026-03-10T12:00:00.000Z'); // 08:00 EDT
  });

  it('lands on 08:00 local across the spring-forward night (New York, 2026-03-08)', () => {
    const ny = { ...DEFAULT_QUIET_HOURS, timeZone: 'America/New_York' };
    // 22:00 EST on 7 March; 08:00 EDT on 8 March is 12:00Z, 9 wall hours but 10 elapsed minus one.
    expect(nextAllowedInstant(at('2026-03-08T03:00:00Z'), reminder, ny).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';

/** web/ops/clock.js is a browser module (plain JS, no types); these are the shapes the console relies on. */
interface ClockModule {
  clockState(dueIso: string, nowMs: number, warningMinutes: number): { state: 'ok' | 'warning' | 'late'; remainingMs: number };
  countdown(ms: number): string;
  soonestDue(order: { due?: Record<string, string> }): string | undefined;
  targetValue(target: unknown): { value: number; atMost: boolean } | undefined;
}
const clock = (await import(new URL('../../web/ops/clock.js', import.meta.url).href)) as ClockModule;

const DUE = '2026-12-01T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('the ops console\'s clocks', () => {
  it('is on time until the warning margin, amber inside it (its first instant included), red once past due', () => {
    expect(clock.clockState(DUE, at('2026-12-01T09:49:59.999Z'), 10).state).toBe('ok');
    expect(clock.clockState(DUE, at('2026-12-01T09:50:00.000Z'), 10)).toEqual({ state: 'warning', remainingMs: 600_000 });
    expect(clock.clockState(DUE, at('2026-12-01T10:00:00.000Z'), 10)).toEqual({ state: 'warning', remainingMs: 0 });
    expect(clock.clockState(DUE, at('2026-12-01T10:00:00.001Z'), 10).state).toBe('late');
  });

  it('counts down in hours, minutes and seconds, with days when a clock runs for days', () => {
    expect(clock.countdown(2_695_000)).toBe('0:44:55');
    expect(clock.countdown(-61_000)).toBe('0:01:01');
    expect(clock.countdown(3 * 86_400_000 + 3_723_000)).toBe('3d 1:02:03');
  });

  it('sorts an inbox by the soonest clock an order owes', () => {
    expect(clock.soonestDue({ due: { departmentAnswer: '2026-12-02T01:00:00Z', causeReport: '2026-12-01T03:00:00Z' } })).toBe('2026-12-01T03:00:00Z');
    expect(clock.soonestDue({ due: {} })).toBeUndefined();
  });

  it('reads a target given in words as a number to draw', () => {
    expect(clock.targetValue('<= 12 s')).toEqual({ value: 12, atMost: true });
    expect(clock.targetValue('<= 3%')).toEqual({ value: 0.03, atMost: true });
    expect(clock.targetValue('answered within 12 s: always (100%)')).toEqual({ value: 1, atMost: false });
    expect(clock.targetValue('>= 99% of non-query tickets')).toEqual({ value: 0.99, atMost: false });
    expect(clock.targetValue('watched')).toBeUndefined();
    expect(clock.targetValue(0.95)).toEqual({ value: 0.95, atMost: false });
  });
});

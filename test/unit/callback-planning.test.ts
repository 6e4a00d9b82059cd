import { describe, expect, it } from 'vitest';
import { decideOutcome, newCallback, type Callback } from '../../functions/callbacks/callback';
import { CallbackInputError, CallbackStateError } from '../../functions/callbacks/errors';
import { callbackTask } from '../../functions/callbacks/planner';
import { sampleReporters, sampleSize } from '../../functions/callbacks/sample';
import { callbackWindow, DEFAULT_CALLBACK_WINDOWS, isLegalCallTime, readCallbackWindows } from '../../functions/callbacks/windows';
import { CallbackConfigError } from '../../functions/callbacks/errors';
import { seedCalendar } from '../../functions/tickets/seed-calendar';

const calendar = seedCalendar();
/** Shanghai wall time as an instant (UTC+8, no daylight saving). */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('the outage sample', () => {
  // 300 reporters over four feeders, very unevenly: 200, 60, 30, 10; 12 transformers each.
  const feeders = [
    ['F1', 200],
    ['F2', 60],
    ['F3', 30],
    ['F4', 10],
  ] as const;
  const reporters = feeders.flatMap(([feeder, count]) => Array.from({ length: count }, (_, i) => ({ key: `${feeder}-${i}`, feeder, transformer: `${feeder}-T${i % 12}` })));

  it('is 5% rounded up, at least one', () => {
    expect(sampleSize(300)).toBe(15);
    expect(sampleSize(301)).toBe(16);
    expect(sampleSize(3)).toBe(1);
    expect(sampleSize(0)).toBe(0);
    expect(sampleReporters('OUT-1', reporters)).toHaveLength(15);
  });

  it('covers every feeder with reporters before any feeder gets a second', () => {
    const picked = sampleReporters('OUT-1', reporters);
    expect(new Set(picked.slice(0, 4).map((r) => r.feeder))).toEqual(new Set(['F1', 'F2', 'F3', 'F4']));
    // 15 over 4 feeders, round by round: three feeders get 4, one 3, whatever their sizes (not 10 from the big one).
    const perFeeder = feeders.map(([f]) => picked.filter((r) => r.feeder === f).length);
    expect([...perFeeder].sort()).toEqual([3, 4, 4, 4]);
  });

  it('spreads a feeder\'s picks over its transformers, not the first callers', () => {
    const picked = sampleReporters('OUT-1', reporters).filter((r) => r.feeder === 'F1');
    expect(new Set(picked.map((r) => r.transformer)).size).toBe(picked.length);
    expect(picked.map((r) => r.key)).not.toEqual(['F1-0', 'F1-1', 'F1-2', 'F1-3']);
  });

  it('is the same for the same outage whatever order the reporters come in, and differs between outages', () => {
    const shuffled = [...reporters].reverse();
    expect(sampleReporters('OUT-1', shuffled).map((r) => r.key)).toEqual(sampleReporters('OUT-1', reporters).map((r) => r.key));
    expect(sampleReporters('OUT-2', reporters).map((r) => r.key)).not.toEqual(sampleReporters('OUT-1', reporters).map((r) => r.key));
  });
});

describe('callback windows', () => {
  const w = DEFAULT_CALLBACK_WINDOWS;

  it('calls a business in working hours, around lunch, and on the next working day after hours', () => {
    // Tuesday 1 December 2026.
    expect(callbackWindow('business', sh('2026-12-01T10:00:00'), calendar, w)).toEqual({ start: sh('2026-12-01T10:00:00'), end: sh('2026-12-01T12:00:00') });
    // 11:45 leaves 15 minutes before the lunch rest: too short, so after it.
    expect(callbackWindow('business', sh('2026-12-01T11:45:00'), calendar, w).start).toEqual(sh('2026-12-01T14:00:00'));
    // Friday 17:30: Monday 09:00.
    expect(callbackWindow('business', sh('2026-12-04T17:30:00'), calendar, w).start).toEqual(sh('2026-12-07T09:00:00'));
    // The National Day holiday (1-7 October 2026 in the seed): the next working day.
    expect(calendar.isWorkingDay(sh('2026-10-02T10:00:00'))).toBe(false);
    const afterHoliday = callbackWindow('business', sh('2026-10-02T10:00:00'), calendar, w).start;
    expect(calendar.isWorkingDay(afterHoliday)).toBe(true);
    expect(afterHoliday.getTime()).toBeGreaterThan(sh('2026-10-07T23:59:00').getTime());
  });

  it('calls residents after work, never at night, and a repair finished after 22:00 the next day', () => {
    expect(callbackWindow('residential', sh('2026-12-01T13:00:00'), calendar, w)).toEqual({ start: sh('2026-12-01T18:30:00'), end: sh('2026-12-01T21:00:00') });
    // Saturday evening is fine for a home.
    expect(callbackWindow('residential', sh('2026-12-05T19:00:00'), calendar, w).start).toEqual(sh('2026-12-05T19:00:00'));
    const late = sh('2026-12-01T22:30:00');
    expect(callbackWindow('residential', late, calendar, w, { finishedAt: late }).start).toEqual(sh('2026-12-02T18:30:00'));
    // A business repair finished at 22:10 Friday: Monday morning, not Saturday.
    const lateFriday = sh('2026-12-04T22:10:00');
    expect(callbackWindow('business', lateFriday, calendar, w, { finishedAt: lateFriday }).start).toEqual(sh('2026-12-07T09:00:00'));
  });

  it('knows a legal instant from a rest time', () => {
    expect(isLegalCallTime('business', sh('2026-12-01T12:30:00'), calendar, w)).toBe(false);
    expect(isLegalCallTime('business', sh('2026-12-01T15:00:00'), calendar, w)).toBe(true);
    expect(isLegalCallTime('business', sh('2026-12-05T15:00:00'), calendar, w)).toBe(false);
    expect(isLegalCallTime('residential', sh('2026-12-01T21:30:00'), calendar, w)).toBe(false);
    expect(isLegalCallTime('residential', sh('2026-12-01T19:00:00'), calendar, w)).toBe(true);
  });

  it('reads the stage\'s windows, naming a bad field', () => {
    const custom = { ...w, residential: { from: '19:00', to: '20:30', days: 'any' } };
    expect(readCallbackWindows({ CALLBACK_WINDOWS: JSON.stringify(custom) }).residential.from).toBe('19:00');
    expect(() => readCallbackWindows({ CALLBACK_WINDOWS: JSON.stringify({ ...w, lateRepairAfter: '25:00' }) })).toThrow(/lateRepairAfter/);
    expect(() => readCallbackWindows({ CALLBACK_WINDOWS: '{' })).toThrow(CallbackConfigError);
  });
});

describe('a callback and its outcomes', () => {
  const now = sh('2026-12-01T10:00:00');
  const outageCallback: Callback = newCallback({
    callbackId: 'cb_0123456789',
    reason: 'outage_restored',
    ticketNumber: 'OUT-1',
    source: { kind: 'outage', id: 'OUT-1' },
    confidential: false,
    customer: { phone: '+8613800000001', language: 'zh-CN', customerType: 'residential', important: false, accountNumber: '3300000001', feeder: 'F1' },
    resultAt: now,
    window: { start: sh('2026-12-01T18:30:00'), end: sh('2026-12-01T21:00:00') },
    now,
  });

  it('becomes a Connect task scheduled into its window, with the ticket number and what to ask, and no personal data', () => {
    const task = callbackTask(outageCallback, now);
    expect(task.scheduledAt).toEqual(sh('2026-12-01T18:30:00'));
    expect(task.attributes).toEqual({ callbackId: 'cb_0123456789', ticketNumber: 'OUT-1', reason: 'outage_restored', language: 'zh-CN', attempt: '1', windowEnd: sh('2026-12-01T21:00:00').toISOString() });
    expect(task.description).toContain('OUT-1');
    const everything = JSON.stringify(task);
    expect(everything).not.toContain('+8613800000001');
    expect(everything).not.toContain('3300000001');
    expect(task.clientToken).toBe('cb_0123456789-1');
  });

  it('is never scheduled more than six days ahead, and a window already open starts now', () => {
    const far = { ...outageCallback, window: { start: sh('2026-12-20T18:30:00').toISOString(), end: sh('2026-12-20T21:00:00').toISOString() } };
    expect(callbackTask(far, now).scheduledAt).toEqual(new Date(now.getTime() + 6 * 86_400_000));
    expect(callbackTask(outageCallback, sh('2026-12-01T19:00:00')).scheduledAt).toBeUndefined();
  });

  it('not reached is tried again, and the third time the customer is unreachable', () => {
    let callback: Callback = { ...outageCallback, state: 'task_created', attempts: 1 };
    const first = decideOutcome(callback, { outcome: 'not_reached' }, 'agent-1', now);
    expect(first.callback.state).toBe('planned');
    expect(first.retryFrom).toEqual(new Date(now.getTime() + 3_600_000));
    callback = { ...first.callback, state: 'task_created', attempts: 2 };
    callback = { ...decideOutcome(callback, { outcome: 'not_reached' }, 'agent-1', now).callback, state: 'task_created', attempts: 3 };
    const third = decideOutcome(callback, { outcome: 'not_reached' }, 'agent-1', now);
    expect(third.callback.state).toBe('unreachable');
    expect(third.callback.history.map((h) => h.attempt)).toEqual([1, 2, 3]);
  });

  it('reached and not satisfied: an outage opens a complaint, a ticket reopens', () => {
    const reached = { ...outageCallback, state: 'task_created' as const, attempts: 1 };
    expect(decideOutcome(reached, { outcome: 'reached_not_satisfied' }, 'agent-1', now).ticketEffect).toBe('open_complaint');
    const ticket = { ...reached, source: { kind: 'ticket' as const, id: '261201-0001-0001' } };
    expect(decideOutcome(ticket, { outcome: 'reached_not_satisfied' }, 'agent-1', now).ticketEffect).toBe('reopen');
    expect(decideOutcome(ticket, { outcome: 'reached_satisfied' }, 'agent-1', now).ticketEffect).toBe('callback_done');
  });

  it('refuses a bad outcome naming the field, and any outcome on a closed callback', () => {
    expect(() => decideOutcome(outageCallback, { outcome: 'maybe' }, 'a', now)).toThrow(CallbackInputError);
    expect(() => decideOutcome(outageCallback, { outcome: 'not_reached', note: 'x'.repeat(501) }, 'a', now)).toThrow(/note/);
    expect(() => decideOutcome({ ...outageCallback, state: 'reached_satisfied' }, { outcome: 'not_reached' }, 'a', now)).toThrow(CallbackStateError);
  });
});

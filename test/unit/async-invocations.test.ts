import { describe, expect, it } from 'vitest';
import { AsyncInvocations, type AttemptOutcome, type FailedInvocation } from '../../local/async-invocations';

/** A scheduler the test advances by hand: no wall clock. */
function manualScheduler() {
  const pending: { at: number; work: () => void; cancelled: boolean }[] = [];
  let now = 0;
  return {
    schedule: (work: () => void, ms: number) => {
      const entry = { at: now + ms, work, cancelled: false };
      pending.push(entry);
      return { cancel: () => void (entry.cancelled = true) };
    },
    /** Runs everything due by `ms` from now; returns the waits it saw. */
    advance(ms: number) {
      now += ms;
      for (const entry of pending.filter((e) => e.at <= now && !e.cancelled)) {
        pending.splice(pending.indexOf(entry), 1);
        entry.work();
      }
    },
    get waits() {
      return pending.filter((e) => !e.cancelled).map((e) => e.at - now);
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));
const failure = (errorType: string): AttemptOutcome => ({ ok: false, error: { errorType, errorMessage: `${errorType} happened` } });

describe('asynchronous invocations, as Lambda runs them', () => {
  it('retries a failed event twice, a minute then two minutes later, and keeps it after the third failure', async () => {
    const clock = manualScheduler();
    const attempts: number[] = [];
    const kept: FailedInvocation[] = [];
    const invocations = new AsyncInvocations({
      run: async (_fn, _event, _id, attempt) => {
        attempts.push(attempt);
        return failure('ResourceNotFoundException');
      },
      keep: (failed) => kept.push(failed),
      schedule: clock.schedule,
    });
    invocations.accept('sms-inbound', { Records: ['text'] }, 'req-1');
    await flush();
    expect(attempts).toEqual([1]);
    expect(clock.waits).toEqual([60_000]);
    clock.advance(60_000);
    await flush();
    expect(attempts).toEqual([1, 2]);
    expect(clock.waits).toEqual([120_000]);
    clock.advance(120_000);
    await flush();
    expect(attempts).toEqual([1, 2, 3]);
    expect(kept).toEqual([
      { functionName: 'sms-inbound', requestId: 'req-1', event: { Records: ['text'] }, attempts: 3, errorType: 'ResourceNotFoundException', errorMessage: 'ResourceNotFoundException happened', condition: 'RetriesExhausted' },
    ]);
    await invocations.settled();
  });

  it('keeps nothing when a retry succeeds, and counts what happened', async () => {
    const clock = manualScheduler();
    const kept: FailedInvocation[] = [];
    let calls = 0;
    const invocations = new AsyncInvocations({
      run: async () => (++calls === 1 ? failure('ThrottlingException') : { ok: true }),
      keep: (failed) => kept.push(failed),
      schedule: clock.schedule,
    });
    invocations.accept('email-inbound', {}, 'req-2');
    await flush();
    clock.advance(60_000);
    await invocations.settled();
    expect(kept).toEqual([]);
    expect(invocations.totals).toEqual({ accepted: 1, succeeded: 1, retried: 1, kept: 0 });
  });

  it('treats a function that throws like one that failed', async () => {
    const kept: FailedInvocation[] = [];
    const invocations = new AsyncInvocations({
      run: async () => {
        throw new TypeError('boom');
      },
      keep: (failed) => kept.push(failed),
      retryDelaysMs: [],
    });
    invocations.accept('sms-inbound', { n: 1 }, 'req-3');
    await invocations.settled();
    expect(kept).toMatchObject([{ attempts: 1, errorType: 'TypeError', errorMessage: 'boom', condition: 'RetriesExhausted' }]);
  });

  it('keeps the events still waiting for a retry when it stops, so stopping loses nothing', async () => {
    const clock = manualScheduler();
    const kept: FailedInvocation[] = [];
    const invocations = new AsyncInvocations({ run: async () => failure('TimeoutError'), keep: (failed) => kept.push(failed), schedule: clock.schedule });
    invocations.accept('sms-inbound', { a: 1 }, 'req-4');
    invocations.accept('sms-inbound', { b: 2 }, 'req-5');
    await flush();
    expect(invocations.inFlight).toEqual({ running: 0, waitingForRetry: 2 });
    await invocations.stop();
    expect(kept.map((k) => [k.requestId, k.attempts, k.condition])).toEqual([
      ['req-4', 1, 'RuntimeStopped'],
      ['req-5', 1, 'RuntimeStopped'],
    ]);
    expect(clock.waits).toEqual([]);
    await invocations.settled();
  });
});

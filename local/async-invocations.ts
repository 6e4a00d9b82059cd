/**
 * Asynchronous invocations (`InvocationType: Event`) as Lambda runs them:
 * accepted at once (202), run, and when the function fails retried twice
 * with a wait before each retry (Lambda waits about one, then two minutes);
 * an event that fails all three attempts goes to the function's on-failure
 * destination, locally the DLQ journal (`GET /dlq`, `.local/dlq.jsonl`),
 * where `npm run replay` finds it. Nothing accepted is dropped: stopping the
 * runtime keeps the retries still waiting in the DLQ too.
 */

/** What one attempt of a function did. */
export type AttemptOutcome = { readonly ok: true } | { readonly ok: false; readonly error: { readonly errorType: string; readonly errorMessage: string } };

/** An accepted event that did not succeed: what the DLQ keeps. */
export interface FailedInvocation {
  readonly functionName: string;
  readonly requestId: string;
  readonly event: unknown;
  readonly attempts: number;
  readonly errorType: string;
  readonly errorMessage: string;
  /** `RetriesExhausted` as in Lambda's destination records; `RuntimeStopped` when the runtime stopped before the retries were done. */
  readonly condition: 'RetriesExhausted' | 'RuntimeStopped';
}

/** Lambda's own schedule for the two retries of an asynchronous invocation (about 1, then 2 minutes). */
export const LAMBDA_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

export interface AsyncInvocationOptions {
  /** One attempt of the function with this event. */
  readonly run: (functionName: string, event: unknown, requestId: string, attempt: number) => Promise<AttemptOutcome>;
  /** Keeps an event that will not be tried again (the on-failure destination). */
  readonly keep: (failed: FailedInvocation) => void;
  /** The wait before each retry; its length is the number of retries. */
  readonly retryDelaysMs?: readonly number[];
  /** Waits `ms`, then calls `work`; injected so tests need no wall clock. */
  readonly schedule?: (work: () => void, ms: number) => { cancel(): void };
  readonly log?: (line: string) => void;
}

interface Waiting {
  readonly functionName: string;
  readonly requestId: string;
  readonly event: unknown;
  readonly attempts: number;
  readonly last: Extract<AttemptOutcome, { ok: false }>['error'];
  timer: { cancel(): void };
}

const defaultSchedule = (work: () => void, ms: number) => {
  const timer = setTimeout(work, ms);
  return { cancel: () => clearTimeout(timer) };
};

/**
 * @example
 * const invocations = new AsyncInvocations({ run, keep: (failed) => outbox.keepFailedInvocation(failed) });
 * invocations.accept('sms-inbound', event, requestId); // then answer 202
 */
export class AsyncInvocations {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly delays: readonly number[];
  private readonly schedule: NonNullable<AsyncInvocationOptions['schedule']>;
  private idle: (() => void)[] = [];
  private stopped = false;
  private counts = { accepted: 0, succeeded: 0, retried: 0, kept: 0 };

  constructor(private readonly options: AsyncInvocationOptions) {
    this.delays = options.retryDelaysMs ?? LAMBDA_RETRY_DELAYS_MS;
    this.schedule = options.schedule ?? defaultSchedule;
  }

  /** Takes the event; the first attempt starts now, without being awaited. */
  accept(functionName: string, event: unknown, requestId: string): void {
    this.counts.accepted += 1;
    this.attempt(functionName, event, requestId, 1);
  }

  /** Accepted events not yet succeeded or kept: running, or waiting for a retry. */
  get inFlight(): { readonly running: number; readonly waitingForRetry: number } {
    return { running: this.running.size, waitingForRetry: this.waiting.size };
  }

  get totals(): Readonly<{ accepted: number; succeeded: number; retried: number; kept: number }> {
    return { ...this.counts };
  }

  /** Resolves once every accepted event has succeeded or been kept (tests and the replay wait on it). */
  async settled(): Promise<void> {
    if (this.running.size === 0 && this.waiting.size === 0) return;
    await new Promise<void>((done) => this.idle.push(done));
  }

  /**
   * Stops retrying: the attempts running now finish (their failures are
   * kept), and every event still waiting for a retry is kept at once, so
   * stopping the runtime loses nothing that was accepted.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [requestId, waiting] of this.waiting) {
      waiting.timer.cancel();
      this.waiting.delete(requestId);
      this.keep(waiting, 'RuntimeStopped');
    }
    await Promise.allSettled([...this.running]);
    this.wakeIfIdle();
  }

  private attempt(functionName: string, event: unknown, requestId: string, attempt: number): void {
    const work = this.options
      .run(functionName, event, requestId, attempt)
      .catch((error: unknown): AttemptOutcome => ({ ok: false, error: { errorType: (error as Error)?.name ?? 'Error', errorMessage: String((error as Error)?.message ?? error) } }))
      .then((outcome) => this.after(functionName, event, requestId, attempt, outcome));
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      this.wakeIfIdle();
    });
  }

  private after(functionName: string, event: unknown, requestId: string, attempt: number, outcome: AttemptOutcome): void {
    if (outcome.ok) {
      this.counts.succeeded += 1;
      return;
    }
    const delay = this.delays[attempt - 1];
    const failed = { functionName, requestId, event, attempts: attempt, last: outcome.error };
    if (delay === undefined) return this.keep(failed, 'RetriesExhausted');
    if (this.stopped) return this.keep(failed, 'RuntimeStopped');
    this.counts.retried += 1;
    this.options.log?.(`${functionName} request ${requestId} failed (${outcome.error.errorType}); retry ${attempt} of ${this.delays.length} in ${(delay / 1000).toFixed(1)} s`);
    // Registered before scheduling: a scheduler may call back at once.
    const waiting: Waiting = { ...failed, timer: { cancel: () => {} } };
    this.waiting.set(requestId, waiting);
    waiting.timer = this.schedule(() => {
      this.waiting.delete(requestId);
      this.attempt(functionName, event, requestId, attempt + 1);
    }, delay);
  }

  private keep(failed: Omit<Waiting, 'timer'>, condition: FailedInvocation['condition']): void {
    this.counts.kept += 1;
    this.options.keep({
      functionName: failed.functionName,
      requestId: failed.requestId,
      event: failed.event,
      attempts: failed.attempts,
      errorType: failed.last.errorType,
      errorMessage: failed.last.errorMessage,
      condition,
    });
    this.options.log?.(`${failed.functionName} request ${failed.requestId} kept in the DLQ after ${failed.attempts} attempt(s) (${condition}); npm run replay brings it back`);
  }

  private wakeIfIdle(): void {
    if (this.running.size > 0 || this.waiting.size > 0) return;
    const idle = this.idle;
    this.idle = [];
    for (const done of idle) done();
  }
}

/**
 * Pacing of sends at a provider's rate: SMS message parts per second for the
 * origination identity, outbound calls per second for Amazon Connect.
 */
import { OutboundError } from './errors';

/** Milliseconds since the epoch; injected so tests run on a fake clock. */
export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A clock that only moves forward, to the fraction of a millisecond. With
 * `Date.now` a spend at x.9 ms is recorded at x and its token comes back at
 * x + 1000, 999.1 ms later; and a wall-clock step (NTP) moves every token's
 * return with it.
 */
export const monotonicClock: Clock = () => performance.now();

export class InvalidRateError extends OutboundError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRateError';
  }
}

/**
 * A token bucket holding `ratePerSecond` tokens, in which each spent token
 * comes back exactly one second after it was spent. A bucket that drips
 * tokens back continuously lets a full bucket plus a second's refill through
 * within one second (up to twice the rate); returning each token a second
 * later means no window of one second ever holds more than the rate, while a
 * steady sender still gets all of it. A notice of 3 SMS parts takes 3 tokens.
 *
 * Calls are served in order (first come, first served), so a large notice is
 * not starved by small ones.
 *
 * @example
 * const bucket = new TokenBucket(20, monotonicClock, realSleep);
 * await bucket.take(countSmsParts(text).parts);
 * await sns.send(...);
 */
export class TokenBucket {
  /** Spends within the last second: [at, tokens], oldest first. */
  private readonly spent: [number, number][] = [];
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
    /**
     * Extra milliseconds before a token comes back: the provider counts at its
     * end, so a little slack absorbs the jitter between here and there.
     */
    private readonly marginMs = 0,
  ) {
    if (!(ratePerSecond >= 1) || !Number.isFinite(ratePerSecond)) throw new InvalidRateError(`Rate must be a finite number >= 1 per second, got ${ratePerSecond}`);
  }

  /**
   * Waits until `tokens` can be spent without the last second exceeding the
   * rate, then spends them. A cost above the rate is clamped to the rate (a
   * 10-part message at 5 parts per second still goes, alone in its second).
   */
  take(tokens: number): Promise<void> {
    const cost = Math.min(Math.max(1, Math.ceil(tokens)), Math.floor(this.ratePerSecond));
    const turn = this.queue.then(() => this.spend(cost));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async spend(cost: number): Promise<void> {
    for (;;) {
      const now = this.clock();
      while (this.spent.length > 0 && (this.spent[0] as [number, number])[0] + 1000 + this.marginMs <= now) {
        this.inFlight -= (this.spent.shift() as [number, number])[1];
      }
      if (this.inFlight + cost <= this.ratePerSecond) {
        this.spent.push([now, cost]);
        this.inFlight += cost;
        return;
      }
      // Wait until enough of the oldest spends are a full second old.
      let freed = 0;
      let waitUntil = now;
      for (const [at, tokens] of this.spent) {
        freed += tokens;
        waitUntil = at + 1000 + this.marginMs;
        if (this.inFlight - freed + cost <= this.ratePerSecond) break;
      }
      await this.sleep(Math.max(1, Math.ceil(waitUntil - now)));
    }
  }
}

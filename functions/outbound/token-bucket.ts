/**
 * Pacing of sends at a provider's rate: SMS message parts per second for the
 * origination identity, outbound calls per second for Amazon Connect.
 */
import { OutboundError } from './errors';
import type { Pacer, PacerGrant } from './ports';

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
 * comes back exactly one second after the message it paid for was sent. A
 * bucket that drips tokens back continuously lets a full bucket plus a
 * second's refill through within one second (up to twice the rate);
 * returning each token a second after its send means no window of one second
 * ever holds more than the rate, while a steady sender still gets all of it.
 * A notice of 3 SMS parts takes 3 tokens.
 *
 * `take` grants the tokens; the sender calls `sent()` on the grant when the
 * message actually goes, and the second starts then. Counted from the grant,
 * a send that left later than its grant (its turn came while the event loop
 * was busy elsewhere) shared its second with sends granted a second later:
 * the bench once saw 202 parts in one second at a rate of 200. Until it is
 * sent or released, a grant holds its tokens.
 *
 * Calls are served in order (first come, first served), so a large notice is
 * not starved by small ones.
 *
 * @example
 * const bucket = new TokenBucket(20, monotonicClock, realSleep);
 * const grant = await bucket.take(countSmsParts(text).parts);
 * grant.sent();
 * await sns.send(...);
 */
export class TokenBucket implements Pacer {
  /** Sends within the last second (and the margin): [sent at, tokens], oldest first. */
  private readonly sent: [number, number][] = [];
  /** Tokens of grants not yet sent or released. */
  private held = 0;
  /** Wakes a turn that waits for held tokens, when a grant is sent or released. */
  private settled: { promise: Promise<void>; resolve: () => void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

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
   * Waits until `tokens` can be sent without any second exceeding the rate,
   * and grants them. A cost above the rate is clamped to the rate (a 10-part
   * message at 5 parts per second still goes, alone in its second).
   */
  take(tokens: number): Promise<PacerGrant> {
    const cost = Math.min(Math.max(1, Math.ceil(tokens)), Math.floor(this.ratePerSecond));
    const turn = this.queue.then(() => this.grant(cost));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async grant(cost: number): Promise<PacerGrant> {
    for (;;) {
      const now = this.clock();
      while (this.sent.length > 0 && (this.sent[0] as [number, number])[0] + 1000 + this.marginMs <= now) this.sent.shift();
      const inFlight = this.held + this.sent.reduce((sum, [, tokens]) => sum + tokens, 0);
      if (inFlight + cost <= this.ratePerSecond) {
        this.held += cost;
        return this.grantOf(cost);
      }
      // Wait until enough of the oldest sends are a full second old; if that is not enough, for a held grant to be settled.
      let freed = 0;
      let waitUntil: number | undefined;
      for (const [at, tokens] of this.sent) {
        freed += tokens;
        if (inFlight - freed + cost <= this.ratePerSecond) {
          waitUntil = at + 1000 + this.marginMs;
          break;
        }
      }
      if (waitUntil === undefined) await this.nextSettled();
      else await this.sleep(Math.max(1, Math.ceil(waitUntil - now)));
    }
  }

  private grantOf(cost: number): PacerGrant {
    let open = true;
    const settle = (sentAt: number | undefined) => {
      if (!open) return;
      open = false;
      this.held -= cost;
      if (sentAt !== undefined) this.sent.push([sentAt, cost]);
      this.settled?.resolve();
      this.settled = undefined;
    };
    return { sent: () => settle(this.clock()), release: () => settle(undefined) };
  }

  private nextSettled(): Promise<void> {
    if (!this.settled) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.settled = { promise, resolve };
    }
    return this.settled.promise;
  }
}

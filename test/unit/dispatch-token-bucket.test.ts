import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenBucket } from '../../functions/outbound/token-bucket';

/** A fake clock: sleeping advances it. */
function fakeTime() {
  let now = 1_000_000;
  return { clock: () => now, sleep: async (ms: number) => void (now += ms) };
}

function largestInAnySecond(spends: { at: number; tokens: number }[]): number {
  let best = 0;
  for (const start of spends) {
    const sum = spends.filter((s) => s.at >= start.at && s.at < start.at + 1000).reduce((n, s) => n + s.tokens, 0);
    best = Math.max(best, sum);
  }
  return best;
}

describe('token bucket pacing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never lets more than the rate through in any one-second window, and uses all of it', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(10, time.clock, time.sleep);
    const spends: { at: number; tokens: number }[] = [];
    const costs = Array.from({ length: 200 }, () => 2);
    const started = time.clock();
    for (const cost of costs) {
      (await bucket.take(cost)).sent();
      spends.push({ at: time.clock(), tokens: cost });
    }
    const total = costs.reduce((a, b) => a + b, 0);
    expect(largestInAnySecond(spends)).toBeLessThanOrEqual(10);
    const seconds = (time.clock() - started) / 1000 + 1;
    expect(total / seconds / 10).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps any one-second window within the rate with mixed part counts', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(10, time.clock, time.sleep);
    const spends: { at: number; tokens: number }[] = [];
    for (let i = 0; i < 120; i++) {
      (await bucket.take(1 + (i % 3))).sent();
      spends.push({ at: time.clock(), tokens: 1 + (i % 3) });
    }
    expect(largestInAnySecond(spends)).toBe(10);
  });

  it('charges a 3-part SMS three tokens', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(4, time.clock, time.sleep);
    (await bucket.take(3)).sent();
    const before = time.clock();
    await bucket.take(3);
    expect(time.clock() - before).toBe(1000);
  });

  it('serves concurrent callers in order without exceeding the rate', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(5, time.clock, time.sleep);
    const spends: { at: number; tokens: number }[] = [];
    await Promise.all(
      Array.from({ length: 23 }, async () => {
        (await bucket.take(1)).sent();
        spends.push({ at: time.clock(), tokens: 1 });
      }),
    );
    expect(largestInAnySecond(spends)).toBeLessThanOrEqual(5);
    expect(spends).toHaveLength(23);
  });

  it('returns a token a full second after a spend between two milliseconds', async () => {
    let now = 1_000.9;
    const bucket = new TokenBucket(1, () => now, async (ms) => void (now += ms));
    (await bucket.take(1)).sent();
    const spentAt = now;
    await bucket.take(1);
    expect(now - spentAt).toBeGreaterThanOrEqual(1000);
  });

  it('counts the second from the send, so a send that left late does not share its second with the next ones', async () => {
    // Counted from the grant, the late send at 900 ms and the four granted at 1000 ms made 6 in [900, 1900) at a rate of 5 (the bench's 202 at 200).
    vi.useFakeTimers();
    const bucket = new TokenBucket(5, Date.now);
    const sends: { at: number; tokens: number }[] = [];
    const sender = (async () => {
      for (let i = 0; i < 15; i++) {
        const grant = await bucket.take(1);
        // As in a batch, each send is under way while the next notice waits for its turn; the first leaves 900 ms after its grant.
        setTimeout(() => {
          grant.sent();
          sends.push({ at: Date.now(), tokens: 1 });
        }, i === 0 ? 900 : 0);
      }
    })();
    await vi.runAllTimersAsync();
    await sender;
    expect(sends).toHaveLength(15);
    expect(largestInAnySecond(sends)).toBeLessThanOrEqual(5);
  });

  it('holds the tokens of a grant until it is sent, and returns them a second after the send', async () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket(1, Date.now);
    const started = Date.now();
    const first = await bucket.take(1);
    const second = bucket.take(1).then(() => Date.now() - started);
    await vi.advanceTimersByTimeAsync(500);
    first.sent();
    await vi.runAllTimersAsync();
    expect(await second).toBe(1500);
  });

  it('gives the tokens of a message that did not go back at once', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(2, time.clock, time.sleep);
    const started = time.clock();
    (await bucket.take(2)).release();
    (await bucket.take(2)).sent();
    expect(time.clock()).toBe(started);
  });

  it('counts a grant once however often it is settled', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(2, time.clock, time.sleep);
    const grant = await bucket.take(1);
    grant.sent();
    grant.sent();
    grant.release();
    const started = time.clock();
    (await bucket.take(1)).sent();
    expect(time.clock()).toBe(started);
    await bucket.take(1);
    expect(time.clock() - started).toBe(1000);
  });

  it('refuses a rate below one per second', () => {
    expect(() => new TokenBucket(0, Date.now)).toThrow(/Rate/);
  });
});

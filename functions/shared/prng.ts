/**
 * mulberry32: a tiny seeded PRNG, uniform on [0, 1). Synthetic customers,
 * the classifier's corpus variations and its training split all need the
 * same numbers from the same seed, run after run.
 *
 * @example
 * const random = seededRandom(42);
 * random(); // the same first number every time
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

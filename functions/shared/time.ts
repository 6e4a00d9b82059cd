/**
 * The one "now" the functions' handlers read. In AWS it is the system clock;
 * the local runtime's movable clock (`POST /local/clock`, local/clocks.ts)
 * replaces the source so a person or a test can watch a clock fire without
 * waiting. Use cases still take `now` as a port; handlers pass this one.
 */
let source: () => Date = () => new Date();

/**
 * The current instant.
 *
 * @example
 * const deps = { store, now };
 */
export function now(): Date {
  return source();
}

/**
 * Replaces where `now()` reads the time (the local runtime only; nothing deployed calls it).
 *
 * @example
 * useTimeSource(() => new Date(Date.now() + offsetMs));
 */
export function useTimeSource(next: () => Date): void {
  source = next;
}

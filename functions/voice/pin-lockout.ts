/**
 * Limited PIN attempts per account (DOMAIN.md, "Identity"): a 4-digit PIN has
 * 10,000 values, so the attempt limit, not the hash, is what protects it.
 * Three failures within the window lock the account's PIN for 15 minutes,
 * across calls and numbers (the record is kept per account, not per call).
 */
export interface PinPolicy {
  readonly maxFailures: number;
  readonly lockMinutes: number;
  /** Failures older than this are forgotten. */
  readonly windowMinutes: number;
}

export const PIN_POLICY: PinPolicy = { maxFailures: 3, lockMinutes: 15, windowMinutes: 15 };

/** The stored state; `version` makes every write conditional on what was read. */
export interface PinAttempts {
  readonly failures: number;
  readonly lastFailureAt?: string;
  readonly lockedUntil?: string;
  readonly version: number;
}

export const NO_PIN_ATTEMPTS: PinAttempts = { failures: 0, version: 0 };

/**
 * Whether the PIN is locked at `now`.
 *
 * @example
 * isPinLocked({ failures: 0, lockedUntil: '2026-11-23T10:15:00Z', version: 3 }, new Date('2026-11-23T10:00:00Z')); // true
 */
export function isPinLocked(attempts: PinAttempts, now: Date): boolean {
  return attempts.lockedUntil !== undefined && Date.parse(attempts.lockedUntil) > now.getTime();
}

/**
 * The state after one more wrong PIN: the failure count within the window,
 * and a lock once it reaches the limit (the count then starts again).
 *
 * @example
 * afterPinFailure({ failures: 2, lastFailureAt: at, version: 2 }, now).lockedUntil; // now + 15 min
 */
export function afterPinFailure(attempts: PinAttempts, now: Date, policy: PinPolicy = PIN_POLICY): PinAttempts {
  const recent =
    attempts.lastFailureAt !== undefined && now.getTime() - Date.parse(attempts.lastFailureAt) < policy.windowMinutes * 60_000 && !isExpiredLock(attempts, now);
  const failures = (recent ? attempts.failures : 0) + 1;
  const version = attempts.version + 1;
  if (failures >= policy.maxFailures) {
    return { failures: 0, lastFailureAt: now.toISOString(), lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString(), version };
  }
  return { failures, lastFailureAt: now.toISOString(), version };
}

/** Failures left before the lock, at `now`. */
export function pinAttemptsLeft(attempts: PinAttempts, now: Date, policy: PinPolicy = PIN_POLICY): number {
  if (isPinLocked(attempts, now)) return 0;
  const recent = attempts.lastFailureAt !== undefined && now.getTime() - Date.parse(attempts.lastFailureAt) < policy.windowMinutes * 60_000;
  return policy.maxFailures - (recent && !isExpiredLock(attempts, now) ? attempts.failures : 0);
}

function isExpiredLock(attempts: PinAttempts, now: Date): boolean {
  return attempts.lockedUntil !== undefined && Date.parse(attempts.lockedUntil) <= now.getTime();
}

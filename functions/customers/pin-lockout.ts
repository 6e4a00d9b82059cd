/**
 * One PIN lockout per account, shared by every channel (voice, chat, and any
 * later one). A 4-digit PIN has 10,000 values, so the attempt limit, not the
 * hash, is what protects it.
 *
 * An attempt is counted before the PIN is compared, atomically, on the
 * account's record: the count is claimed first (refused when the account is
 * locked), then the PIN is compared, then a right PIN resets the count. So
 * simultaneous guesses, many sessions or two channels at once cannot compare
 * more than `maxAttempts` PINs per lock window.
 */

/** How many PINs may be compared, and for how long the account then stays locked. */
export interface PinLockoutPolicy {
  /** Comparisons allowed before the lock (a right PIN resets the count). */
  readonly maxAttempts: number;
  /** Attempts within this many minutes of each other add up; after the last allowed one, the account is locked this long. */
  readonly lockMinutes: number;
}

export const DEFAULT_PIN_LOCKOUT: PinLockoutPolicy = { maxAttempts: 3, lockMinutes: 15 };

/** The outcome of claiming one attempt: admitted (the PIN may be compared) or refused while locked. */
export type PinAttemptClaim = { readonly admitted: true; readonly attemptsLeft: number } | { readonly admitted: false; readonly lockedUntil: Date };

/** The account's attempt record (adapters: `customers/adapters/dynamo-pin-attempts.ts`). */
export interface PinAttemptLedger {
  /** Atomically counts one attempt at `now`; refused, changing nothing, when the account is locked. */
  claim(accountNumber: string, now: Date, policy: PinLockoutPolicy): Promise<PinAttemptClaim>;
  /** Forgets the account's attempts (after a right PIN). */
  reset(accountNumber: string): Promise<void>;
}

/** What a channel tells the customer. */
export type PinCheck =
  | { readonly result: 'verified' }
  | { readonly result: 'wrong'; readonly attemptsLeft: number }
  | { readonly result: 'locked'; readonly lockedUntil: Date };

/**
 * Checks a PIN under the account's lockout: claim an attempt, compare, reset
 * on success. `compare` runs only for an admitted attempt; it answers false
 * for an account without a PIN, so unknown accounts are counted (and locked)
 * like known ones and the answer never tells which accounts exist.
 *
 * @example
 * const check = await checkPinWithLockout(ledger, '3301001234', () => verifyPin(pin, hash), now, DEFAULT_PIN_LOCKOUT);
 * if (check.result === 'locked') retryAfter(check.lockedUntil);
 */
export async function checkPinWithLockout(
  ledger: PinAttemptLedger,
  accountNumber: string,
  compare: () => boolean | Promise<boolean>,
  now: Date,
  policy: PinLockoutPolicy,
): Promise<PinCheck> {
  const claim = await ledger.claim(accountNumber, now, policy);
  if (!claim.admitted) return { result: 'locked', lockedUntil: claim.lockedUntil };
  if (await compare()) {
    await ledger.reset(accountNumber);
    return { result: 'verified' };
  }
  if (claim.attemptsLeft === 0) return { result: 'locked', lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  return { result: 'wrong', attemptsLeft: claim.attemptsLeft };
}

/**
 * The lockout policy from the function's environment (`PIN_MAX_ATTEMPTS`,
 * `PIN_LOCK_MINUTES`), defaulting to 3 attempts and 15 minutes.
 *
 * @example
 * pinLockoutPolicy({ PIN_MAX_ATTEMPTS: '5' }); // { maxAttempts: 5, lockMinutes: 15 }
 */
export function pinLockoutPolicy(env: Readonly<Record<string, string | undefined>>): PinLockoutPolicy {
  const maxAttempts = positiveInteger(env.PIN_MAX_ATTEMPTS, DEFAULT_PIN_LOCKOUT.maxAttempts, 'PIN_MAX_ATTEMPTS');
  const lockMinutes = positiveInteger(env.PIN_LOCK_MINUTES, DEFAULT_PIN_LOCKOUT.lockMinutes, 'PIN_LOCK_MINUTES');
  return { maxAttempts, lockMinutes };
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 10_000) throw new RangeError(`${name} must be a whole number from 1 to 10000`);
  return number;
}

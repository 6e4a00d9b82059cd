/**
 * Account PINs, stored only as `scrypt$<log2 N>$<saltHex>$<hashHex>`.
 *
 * A 4-digit PIN has 10,000 values, so no hash cost makes a leaked hash safe;
 * what protects PINs is the table's access control and the attempt limit at
 * verification. The cost is therefore moderate (N = 2^14, about 30 ms), which
 * keeps a directory import of millions of customers feasible.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { InvalidPinError, InvalidPinHashError } from './errors';

const KEY_LENGTH = 32;
const PIN_PATTERN = /^\d{4,8}$/;
const HASH_PATTERN = /^scrypt\$(1[0-9]|20)\$([0-9a-f]{32})\$([0-9a-f]{64})$/;
/** Production cost: N = 2^14. Demo data may use less (2^10) so seeding 300 customers takes well under a second. */
export const PIN_HASH_COST = 14;

function assertPin(pin: string): void {
  if (!PIN_PATTERN.test(pin)) throw new InvalidPinError();
}

/**
 * Hashes a PIN with a fresh random salt (or the one given).
 *
 * @example
 * hashPin('2580'); // 'scrypt$9f0c...$5be1...'
 */
export function hashPin(pin: string, salt: Buffer = randomBytes(16), cost = PIN_HASH_COST): string {
  assertPin(pin);
  if (salt.length !== 16) throw new RangeError('The salt is 16 bytes');
  if (!Number.isInteger(cost) || cost < 10 || cost > 20) throw new RangeError('The cost is log2 N, from 10 to 20');
  return `scrypt$${cost}$${salt.toString('hex')}$${scryptSync(pin, salt, KEY_LENGTH, { N: 2 ** cost }).toString('hex')}`;
}

/**
 * Whether the PIN matches the stored hash (constant-time comparison). A
 * malformed PIN is a mismatch (it is what a caller typed); a malformed hash
 * throws `InvalidPinHashError`.
 *
 * @example
 * verifyPin('2580', hashPin('2580')); // true
 */
export function verifyPin(pin: string, hash: string): boolean {
  const parts = HASH_PATTERN.exec(hash);
  if (!parts) throw new InvalidPinHashError();
  if (!PIN_PATTERN.test(pin)) return false;
  const expected = Buffer.from(parts[3] ?? '', 'hex');
  const actual = scryptSync(pin, Buffer.from(parts[2] ?? '', 'hex'), KEY_LENGTH, { N: 2 ** Number(parts[1]) });
  return timingSafeEqual(actual, expected);
}

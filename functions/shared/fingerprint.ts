/**
 * Tags that let logs correlate a customer's contacts without holding their
 * number or address in clear (personal data never goes in a log line).
 */
import { createHash, createHmac } from 'node:crypto';

/**
 * A short tag for logs: `<kind>_` and 10 hex digits of an HMAC of the value
 * under the stage's log tag key (`LOG_TAG_KEY`, a generated secret the stack
 * resolves into every function's environment), so nobody can recover a
 * phone number by hashing every possible one. Without a key (tests, the
 * local runtime) it is a plain SHA-256.
 *
 * @example
 * fingerprint('ph', '+8613800138000'); // 'ph_' + 10 hex digits
 */
export function fingerprint(kind: string, value: string, secret: string | undefined = process.env.LOG_TAG_KEY || undefined): string {
  const hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  return `${kind}_${hash.update(value).digest('hex').slice(0, 10)}`;
}

/**
 * Log tag of an E.164 phone number.
 *
 * @example
 * logger.info('sms received', { from: phoneFingerprint('+8613800138000') });
 */
export function phoneFingerprint(e164: string, secret?: string): string {
  return fingerprint('ph', e164, secret);
}

/**
 * Log tag of an e-mail address (case-insensitive, like the directory keys).
 *
 * @example
 * emailFingerprint('Li.Na@example.com') === emailFingerprint('li.na@example.com'); // true
 */
export function emailFingerprint(email: string, secret?: string): string {
  return fingerprint('em', email.trim().toLowerCase(), secret);
}

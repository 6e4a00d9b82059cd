/**
 * Tags that let logs correlate a customer's contacts without holding their
 * number or address in clear (personal data never goes in a log line).
 */
import { createHash, createHmac } from 'node:crypto';

/**
 * A short tag for logs: `<kind>_` and 10 hex digits of a hash of the value.
 * Without `secret` it is a plain SHA-256, which hides the value from a
 * reader but not from someone who hashes every possible phone number; pass a
 * per-stage secret (HMAC) where that matters.
 *
 * @example
 * fingerprint('ph', '+8613800138000'); // 'ph_' + 10 hex digits
 */
export function fingerprint(kind: string, value: string, secret?: string): string {
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

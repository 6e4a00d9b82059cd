/**
 * Phone numbers in one form (E.164) and tags that let logs correlate a
 * customer's contacts without holding their number or address in clear.
 */
import { createHash, createHmac } from 'node:crypto';
// The full ("max") metadata: the smaller "min" set only checks lengths and
// accepts numbers such as +86 12345678901 that no operator issues.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * The E.164 form of a valid phone number, or undefined.
 *
 * @example
 * toE164('138 0013 8000'); // '+8613800138000'
 * toE164('0571-8765 4321'); // '+8657187654321'
 * toE164('12345678901'); // undefined
 */
export function toE164(raw: string, defaultCountry: CountryCode = 'CN'): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.normalize('NFKC'), defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

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

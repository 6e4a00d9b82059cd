/**
 * Tags that let logs correlate a customer's contacts without holding their
 * number or address in clear (personal data never goes in a log line).
 *
 * The tags are keyed by the stage's log tag key. In AWS the key is read at
 * run time from Secrets Manager (`shared/log-tag-key.ts`, a middleware every
 * function that tags runs) and never sits in the function's configuration;
 * locally and in tests it comes from `LOG_TAG_KEY`. Without a key a tag is
 * refused (LogTagKeyMissingError): an unkeyed hash of a phone number is
 * reversed by hashing every number, so there is no fallback.
 */
import { createHmac } from 'node:crypto';

let loadedKey: string | undefined;

/** There is no log tag key: the function is not configured for one (or could not read it). Tags fail closed. */
export class LogTagKeyMissingError extends Error {
  constructor(message = 'No log tag key: set LOG_TAG_KEY_SECRET (AWS) or LOG_TAG_KEY (local, tests); tags are never unkeyed hashes', options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogTagKeyMissingError';
  }
}

/**
 * Makes `key` the log tag key of this container (the Secrets Manager loader calls it).
 *
 * @example
 * useLogTagKey(await getSecret('hotline-dev/log-tag-key'));
 */
export function useLogTagKey(key: string): void {
  if (key === '') throw new LogTagKeyMissingError('The log tag key is empty');
  loadedKey = key;
}

/** The key in use: the one loaded from Secrets Manager, else `LOG_TAG_KEY` (local runtime, tests). */
function currentKey(): string {
  const key = loadedKey ?? (process.env.LOG_TAG_KEY || undefined);
  if (key === undefined) throw new LogTagKeyMissingError();
  return key;
}

/**
 * A short tag for logs: `<kind>_` and 10 hex digits of an HMAC of the value
 * under the stage's log tag key, so nobody can recover a phone number by
 * hashing every possible one. Throws LogTagKeyMissingError when there is no key.
 *
 * @example
 * fingerprint('ph', '+8613800138000'); // 'ph_' + 10 hex digits
 */
export function fingerprint(kind: string, value: string, secret: string = currentKey()): string {
  return `${kind}_${createHmac('sha256', secret).update(value).digest('hex').slice(0, 10)}`;
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

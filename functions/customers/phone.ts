/**
 * Phone numbers as people type them (directory files, agents) into one form,
 * E.164. Channels whose provider already gives E.164 use `asE164` (e164.ts)
 * instead, which keeps the ~190 KB of numbering metadata out of their bundles.
 */
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

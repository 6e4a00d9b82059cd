/**
 * Mainland China phone numbers as the billing system sends them, into E.164,
 * validated by the same numbering rules as customers/phone.ts ("max": each
 * operator's ranges, mobile and fixed line) but with mainland China's
 * metadata alone: ~40 KB of bundle instead of ~190 KB. A province's bill
 * run names its customers' mainland numbers; anything else is refused.
 */
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import metadata from './mainland-phone-metadata.json';

/**
 * The E.164 form of a valid mainland China number (+86), or undefined.
 *
 * @example
 * toMainlandE164('138 0013 8000'); // '+8613800138000'
 * toMainlandE164('0571-8765 4321'); // '+8657187654321'
 * toMainlandE164('+44 20 7946 0018'); // undefined: not a mainland number
 */
export function toMainlandE164(raw: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.normalize('NFKC'), 'CN', metadata as unknown as MetadataJson);
  return parsed?.country === 'CN' && parsed.isValid() ? parsed.number : undefined;
}

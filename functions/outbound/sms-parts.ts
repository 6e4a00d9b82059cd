/**
 * How many SMS parts a text costs: the origination identity's throughput is
 * counted in parts per second, not messages.
 *
 * GSM-7 (3GPP TS 23.038): 160 septets in one part, 153 per part when split
 * (the user-data header takes 7); characters of the extension table (`^{}\[~]|€`
 * and form feed) take two septets, an escape and the character, and the pair
 * is never split across parts. Any other character makes the whole message
 * UCS-2 (so all Chinese text): 70 UTF-16 units in one part, 67 per part when
 * split, and a surrogate pair (emoji) is never split either.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsParts {
  readonly encoding: SmsEncoding;
  readonly parts: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  readonly units: number;
}

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export const SMS_LIMITS = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
} as const;

/**
 * @example
 * countSmsParts('a'.repeat(160)); // { encoding: 'GSM-7', parts: 1, units: 160 }
 * countSmsParts('停电通知'.repeat(18)); // { encoding: 'UCS-2', parts: 2, units: 72 }
 */
export function countSmsParts(text: string): SmsParts {
  const chars = [...text];
  const gsm = chars.every((c) => BASIC.has(c) || EXTENSION.has(c));
  // Per character: septets (1 or 2) or UTF-16 units (1 or 2, a surrogate pair).
  const widths = gsm ? chars.map((c) => (EXTENSION.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const units = widths.reduce((sum, w) => sum + w, 0);
  const { single, perPart } = SMS_LIMITS[encoding];
  if (units <= single) return { encoding, parts: 1, units };
  let parts = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > perPart) {
      parts += 1;
      used = 0;
    }
    used += width;
  }
  return { encoding, parts, units };
}

/**
 * Key fields an agent needs from a free-text contact: the account number,
 * a callback number and an address, as the customer wrote them. Pragmatic
 * patterns, not a parser: a miss leaves the field empty for the agent.
 * Phone numbers are matched by pattern rather than with libphonenumber's
 * metadata (about 190 KB), which intake bundles do without (e164.ts).
 */

export interface KeyFields {
  /** A 10-digit account number (the directory's format, directory-import.ts). */
  readonly account?: string;
  /** A callback number in E.164 (+86 mobile or landline). */
  readonly phone?: string;
  readonly address?: string;
}

const FULLWIDTH_SPACES = /[\s\u3000]+/g;
// 10 digits alone: an 11-digit mobile or a longer reference is not an account.
const ACCOUNT = /(?<![\d+])\d{10}(?!\d)/;
// Mainland mobiles (1[3-9]x, 11 digits) with optional +86/86 and spaces or dashes in the usual places.
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/;
// Landlines: area code 0xx or 0xxx, then 7 or 8 digits.
const LANDLINE = /(?<!\d)0(\d{2,3})[- ]?(\d{7,8})(?!\d)/;
const HAN_ADDRESS =
  /(?:[\p{Script=Han}]{1,8}?(?:省|市|区|县|镇|乡))*[\p{Script=Han}\d]{1,12}?(?:路|街|大道|大街|巷|弄|村)(?:\d+号(?:院)?)?(?:[\p{Script=Han}\d]{0,8}?(?:小区|花园|公寓|大厦|新村|苑))?(?:\d+(?:栋|幢|号楼))?(?:\d+单元)?(?:\d+室|\d{3,4})?/u;
// An estate without its street: "东方花园5栋2单元".
const HAN_ESTATE = /[\p{Script=Han}]{2,8}?(?:小区|花园|公寓|大厦|新村|苑)(?:\d+(?:栋|幢|号楼))?(?:\d+单元)?(?:\d+室)?/u;
const EN_ADDRESS =
  /(?:(?:Flat|Room|Unit|Apt\.?)\s*\d+[A-Z]?,?\s*)?(?:No\.?\s*)?\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Avenue|Lane|Rd|St|Ave|Boulevard|Way)\b(?:,\s*[A-Z][a-z]+(?:\s+District)?)?/;
// A bare street name is too vague to keep; a number or a building part makes it an address.
const SPECIFIC = /\d|小区|花园|公寓|大厦|新村|苑/u;

/**
 * The key fields found in a message.
 *
 * @example
 * keyFieldsOf('户号3312345678，文三路168号停电，回电138 0013 8000');
 * // { account: '3312345678', phone: '+8613800138000', address: '文三路168号' }
 */
export function keyFieldsOf(text: string): KeyFields {
  const normalized = text.normalize('NFKC');
  const fields: { account?: string; phone?: string; address?: string } = {};
  const mobile = MOBILE.exec(normalized);
  if (mobile) fields.phone = `+86${mobile[1]}${mobile[2]}${mobile[3]}`;
  const withoutPhone = mobile ? normalized.replace(mobile[0], ' ') : normalized;
  const account = ACCOUNT.exec(withoutPhone);
  if (account) fields.account = account[0];
  if (!fields.phone) {
    const landline = LANDLINE.exec(account ? withoutPhone.replace(account[0], ' ') : withoutPhone);
    if (landline) fields.phone = `+86${landline[1]}${landline[2]}`;
  }
  const address = HAN_ADDRESS.exec(normalized) ?? HAN_ESTATE.exec(normalized) ?? EN_ADDRESS.exec(normalized);
  if (address && SPECIFIC.test(address[0])) fields.address = address[0].replace(FULLWIDTH_SPACES, ' ').trim();
  return fields;
}

/**
 * Which language the IVR speaks to a caller, from the signals Amazon Connect
 * and the directory give, in this order:
 * 1. the contact's own language: what the caller chose in this flow (our
 *    `language` attribute or block parameter), else Connect's contact
 *    attribute `Language` (e.g. `en-US`, as a chat widget or an upstream flow sets it);
 * 2. the directory: the language of the customer the number belongs to;
 * 3. the caller's number: Chinese for mainland China, Hong Kong, Macau and
 *    Taiwan numbers, English for any other country;
 * 4. Connect's `LanguageCode` (the flow's default voice language, so it says
 *    little about the caller), then Chinese.
 */
import type { Language } from './prompts';

/** The signals, as strings from the event (any may be missing). */
export interface LanguageSignals {
  /** Set by this flow when the caller pressed 1 or 2. */
  readonly chosen?: string;
  /** Connect's contact attribute `Language`. */
  readonly contactAttribute?: string;
  readonly phone?: string;
  readonly connectLanguageCode?: string | null;
}

const CHINESE_CALLING_CODES = ['+86', '+852', '+853', '+886'];

/**
 * A language tag (`en-US`, `zh-CN`, `cmn-Hans-CN`, `yue-HK`) as one the IVR speaks, or undefined.
 *
 * @example
 * spokenLanguage('en-US'); // 'en'
 * spokenLanguage('fr-FR'); // undefined
 */
export function spokenLanguage(tag: string | null | undefined): Language | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'en') return 'en';
  if (primary === 'zh' || primary === 'cmn' || primary === 'yue') return 'zh-CN';
  return undefined;
}

/**
 * The contact's own language (step 1), if it has one.
 *
 * @example
 * contactLanguage({ contactAttribute: 'en-US' }); // 'en'
 */
export function contactLanguage(signals: LanguageSignals): Language | undefined {
  return spokenLanguage(signals.chosen) ?? spokenLanguage(signals.contactAttribute);
}

/**
 * The language of a caller's number (step 3).
 *
 * @example
 * numberLanguage('+447700900123'); // 'en'
 */
export function numberLanguage(phone: string | undefined): Language | undefined {
  if (!phone?.startsWith('+')) return undefined;
  return CHINESE_CALLING_CODES.some((code) => phone.startsWith(code)) ? 'zh-CN' : 'en';
}

/**
 * The language to speak, with the directory's answer when there is one (step 2).
 *
 * @example
 * callerLanguage({ contactAttribute: 'en-US', phone: '+8613712345678' }, 'zh-CN'); // 'en'
 */
export function callerLanguage(signals: LanguageSignals, directory?: Language): Language {
  return contactLanguage(signals) ?? directory ?? numberLanguage(signals.phone) ?? spokenLanguage(signals.connectLanguageCode) ?? 'zh-CN';
}

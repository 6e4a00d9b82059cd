/**
 * First-pass ticket type of a free-text contact (SMS, e-mail, chat), by
 * keyword. An agent corrects it when needed; the rules only have to route
 * the urgent and the confidential right.
 */
import type { TicketType } from '../tickets/ticket';

export type Language = 'zh-CN' | 'en';
export type SmsKeyword = 'stop' | 'help' | 'start';

interface KeywordRule {
  readonly type: TicketType;
  /** Chinese keywords match anywhere; English ones at the start of a word, case-insensitive. */
  readonly keywords: readonly string[];
}

/**
 * Precedence, first match wins:
 * 1. whistleblowing: only the discipline-inspection office may read it, so a
 *    report must never land in a general queue, even if it also complains;
 * 2. complaint: 100% callback, even when it is about an outage;
 * 3. fault report: urgent, so it beats the billing question in the same text;
 * 4. service application, 5. information query, 6. suggestion / praise;
 * 7. consultation, also the default for anything else.
 */
export const CLASSIFICATION_RULES: readonly KeywordRule[] = [
  {
    type: 'whistleblowing_report',
    keywords: ['举报', '贿赂', '受贿', '偷电', '窃电', 'misconduct', 'bribe', 'theft of electricity', 'stealing electricity'],
  },
  { type: 'complaint', keywords: ['投诉', 'complain'] },
  {
    type: 'fault_report',
    keywords: ['停电', '没电', '断电', '跳闸', '电表坏', '冒火', '打火', 'no power', 'outage', 'power cut', 'power out', 'blackout', 'spark'],
  },
  {
    type: 'service_application',
    keywords: ['报装', '新装', '增容', '减容', '过户', '销户', '迁表', 'new connection', 'capacity', 'transfer name', 'name transfer'],
  },
  {
    type: 'information_query',
    keywords: ['电费', '账单', '余额', '缴费', '交费', '抄表', 'bill', 'balance', 'payment', 'meter reading'],
  },
  { type: 'suggestion_praise', keywords: ['建议', '表扬', '感谢', '谢谢', 'suggest', 'praise', 'thank'] },
  { type: 'consultation', keywords: ['电价', '规定', '怎么', '如何', 'tariff', 'how do', 'how to', 'rule'] },
];

/**
 * A customer's first word, when it is one of these, decides the type ahead of
 * the free-text rules, except whistleblowing, which stays confidential
 * whatever the first word ("complaint: the meter reader took a bribe").
 */
export const TOPIC_KEYWORDS: Readonly<Record<string, TicketType>> = {
  outage: 'fault_report',
  停电: 'fault_report',
  bill: 'information_query',
  电费: 'information_query',
  complaint: 'complaint',
  投诉: 'complaint',
};

const SMS_KEYWORDS: Readonly<Record<string, SmsKeyword>> = {
  STOP: 'stop',
  UNSUBSCRIBE: 'stop',
  退订: 'stop',
  TD: 'stop',
  T: 'stop',
  HELP: 'help',
  帮助: 'help',
  '??': 'help',
  START: 'start',
  UNSTOP: 'start',
  订阅: 'start',
};

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matches(text: string, keyword: string): boolean {
  if (HAN.test(keyword)) return text.includes(keyword);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(keyword)}`, 'iu').test(text);
}

/**
 * The ticket type of a free-text contact and the keywords that decided it.
 *
 * @example
 * classifyText('我家停电了，电费也不对'); // { type: 'fault_report', matched: ['停电'] }
 * classifyText('bill: why so high?'); // { type: 'information_query', matched: ['bill'] }
 */
export function classifyText(text: string): { type: TicketType; matched: string[] } {
  const normalized = text.normalize('NFKC').trim();
  const firstWord = normalized.split(/[\s,.:;!?，。：；！？、]+/u, 1)[0]?.toLowerCase() ?? '';
  const byRules = CLASSIFICATION_RULES.map((rule) => ({
    type: rule.type,
    matched: rule.keywords.filter((keyword) => matches(normalized, keyword)),
  })).find((candidate) => candidate.matched.length > 0);
  const topic = TOPIC_KEYWORDS[firstWord];
  if (topic && byRules?.type !== 'whistleblowing_report') return { type: topic, matched: [firstWord] };
  return byRules ?? { type: 'consultation', matched: [] };
}

/**
 * The SMS control keyword when the whole message is one (trimmed,
 * case-insensitive, full-width characters folded). A message with nothing
 * but white space asks nothing a ticket could hold: it is answered as HELP.
 *
 * @example
 * smsKeyword(' stop '); // 'stop'
 * smsKeyword('stop sending bills'); // undefined
 * smsKeyword(' \u3000'); // 'help'
 */
export function smsKeyword(text: string): SmsKeyword | undefined {
  const word = text.normalize('NFKC').trim().toUpperCase();
  return word === '' ? 'help' : SMS_KEYWORDS[word];
}

/**
 * The language to answer in: any Chinese character means zh-CN, Latin
 * letters without any means en, anything else (digits, emoji) the fallback.
 *
 * @example
 * detectLanguage('My power is out', 'zh-CN'); // 'en'
 * detectLanguage('1234', 'en'); // 'en'
 */
export function detectLanguage(text: string, fallback: Language): Language {
  if (HAN.test(text)) return 'zh-CN';
  if (LATIN.test(text)) return 'en';
  return fallback;
}

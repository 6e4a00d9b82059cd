/**
 * The ticket type of a free-text contact (SMS, e-mail, chat): a trained
 * linear model (corpus/classify/, `npm run train:classify`) with safety
 * rules above it, fault triage and the key fields. In-process, no network.
 */
import type { TicketType } from '../tickets/ticket';
import compactModel from './classifier/model.json';
import { loadModel, type CompactModel, type LinearModel } from './classifier/model';
import { keyFieldsOf, type KeyFields } from './key-fields';
import { faultTriage, type FaultTriage } from './triage';
import { reportsStaffMisconduct } from './misconduct';

export type Language = 'zh-CN' | 'en';
export type SmsKeyword = 'stop' | 'help' | 'start';

/**
 * A customer's first word, when it is one of these, decides the type ahead of
 * the model, except whistleblowing, which stays confidential whatever the
 * first word ("complaint: the meter reader took a bribe").
 */
export const TOPIC_KEYWORDS: Readonly<Record<string, TicketType>> = {
  outage: 'fault_report',
  停电: 'fault_report',
  bill: 'information_query',
  电费: 'information_query',
  complaint: 'complaint',
  投诉: 'complaint',
};

/**
 * Thresholds, chosen with `npm run tune:classify` on the training set's
 * validation split (README, "The ticket classifier"); the model's
 * probabilities are calibrated there too. A report the model gives even this much
 * probability goes to the discipline-inspection office: a misrouted report
 * is read by people who must not read it; a misrouted complaint only waits.
 * (Validation split of 1,562 hand-written messages, with the staff-misconduct rule and reports weighted 1.5
 * in training: 0.2 gives 0.907 accuracy and 0.983 report recall, 0.25 0.910 and 0.979, below the 0.98 bar;
 * dev.jsonl 0.974 and 0.977, report recall 1.000 at both.)
 */
export const WHISTLEBLOWING_THRESHOLD = 0.2;
/** A fault this likely is not downgraded to a query or consultation: a crew in 45 min, not an answer in 2 days. */
export const FAULT_GUARD_THRESHOLD = 0.2;
/** With words saying the power is off now, this much fault probability is enough (validation split: +1.4 points fault recall, +0.3 accuracy). */
export const FAULT_WORDS_THRESHOLD = 0.1;
/** Below this confidence an agent confirms the type (validation split: 8.5% of messages, 4.1% of the rest typed wrong). */
export const REVIEW_THRESHOLD = 0.6;

/** The rules' thresholds together, so the trainer's tuning can try others over a validation model. */
export interface Thresholds {
  readonly whistleblowing: number;
  readonly faultGuard: number;
  readonly faultWords: number;
  readonly review: number;
}

const THRESHOLDS: Thresholds = { whistleblowing: WHISTLEBLOWING_THRESHOLD, faultGuard: FAULT_GUARD_THRESHOLD, faultWords: FAULT_WORDS_THRESHOLD, review: REVIEW_THRESHOLD };

/** What decided the type; `keypad` is the IVR's, where the caller chose it. */
export type DecidedBy = 'topic_word' | 'model' | 'misconduct_rule' | 'fault_guard' | 'keypad';

export interface Classification {
  readonly type: TicketType;
  /** The model's probability for `type` (1 when a topic word decided). */
  readonly confidence: number;
  /** True when an agent should confirm the type: the model was unsure. */
  readonly needsReview: boolean;
  /** Whistleblowing: only the discipline-inspection office may read it. */
  readonly confidential: boolean;
  /** Fault reports only. */
  readonly triage?: FaultTriage;
  /** Fault reports only: a fallen line, fire, sparks or a shock; top priority. */
  readonly emergency?: boolean;
  readonly keyFields: KeyFields;
  readonly decidedBy: DecidedBy;
}

/** What a fault is never downgraded to: a question, a how-to, or thanks (a complaint about an outage stays a complaint). */
const GENERAL: readonly string[] = ['information_query', 'consultation', 'suggestion_praise'];

/** The text says the power is off (or a line is down, or burning) and not that it is back. */
function saysNoPowerNow(concepts: ReadonlySet<string>): boolean {
  const off = concepts.has('nopower') || concepts.has('emergency') || (concepts.has('wiredown') && concepts.has('line'));
  return off && !concepts.has('restored') && !concepts.has('powerfine');
}

/** Fire, sparks, smoke, a shock or a line on the ground: a crew goes first, whatever else the message complains about. */
function saysDanger(concepts: ReadonlySet<string>): boolean {
  return concepts.has('emergency') || (concepts.has('wiredown') && concepts.has('line'));
}

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

/**
 * The ticket type of a free-text contact, how sure it is, and what else the
 * text says. Primary course:
 * 1. A leading topic word (TOPIC_KEYWORDS) decides the type.
 * 2. Otherwise the model's most probable type.
 * 3. Misconduct or electricity theft, seen by a rule (a lexicon word, or
 *    staff taking money or gifts: misconduct.ts) or given more than
 *    WHISTLEBLOWING_THRESHOLD by the model, makes it a confidential report.
 * 4. Fire, sparks, smoke, a shock or a line on the ground, with at least
 *    FAULT_WORDS_THRESHOLD fault probability, is a fault whatever else the
 *    message is (a complaint too): the crew goes first.
 * 5. A likely fault (the model's probability, or words saying the power is
 *    off now) is never downgraded to a query, consultation or thanks by a
 *    billing, how-to or polite word in the same message.
 * 6. Below REVIEW_THRESHOLD the type is a guess an agent confirms.
 *
 * @example
 * classifyText('路边有根电线掉下来了，还在冒火花');
 * // { type: 'fault_report', triage: 'emergency', emergency: true, confidential: false, ... }
 * classifyText('抄表员让我给他两百块，不然就说我家表有问题').confidential; // true
 */
export function classifyText(text: string): Classification {
  // Decoded on first use, not at import: a function that imports this module only for smsKeyword
  // (the IVR, through intake.ts) then leaves the model out of its bundle.
  defaultClassifier ??= classifierFor(compactModel as CompactModel);
  return defaultClassifier(text);
}

/**
 * classifyText's rules over a given model (and thresholds): the evaluation
 * and the threshold tuning use it with models other than the committed one.
 *
 * @example
 * const classify = classifierFor(JSON.parse(readFileSync(path, 'utf8')));
 * classify('停电了').type; // 'fault_report'
 */
export function classifierFor(compact: CompactModel, thresholds: Thresholds = THRESHOLDS): (text: string) => Classification {
  const model = loadModel(compact);
  return (text) => classifyWith(model, text, thresholds);
}

function classifyWith(model: LinearModel, text: string, thresholds: Thresholds): Classification {
  const normalized = text.normalize('NFKC').trim();
  const { probabilities, concepts } = model.analyse(normalized);
  const probabilityOf = (type: string) => probabilities[model.classes.indexOf(type)] ?? 0;
  const best = model.classes[probabilities.indexOf(Math.max(...probabilities))] as TicketType;
  const firstWord = normalized.split(/[\s,.:;!?，。：；！？、]+/u, 1)[0]?.toLowerCase() ?? '';
  const topic = TOPIC_KEYWORDS[firstWord];

  let type: TicketType = topic ?? best;
  let decidedBy: DecidedBy = topic ? 'topic_word' : 'model';
  const ruleSeesMisconduct = concepts.has('misconduct') || reportsStaffMisconduct(normalized);
  // A fault the model ranks first, with words saying the power is off or a line is down or burning, keeps its
  // crew: only a rule, not the low report threshold, turns it into a report.
  const plainFault = best === 'fault_report' && (saysDanger(concepts) || saysNoPowerNow(concepts));
  if (ruleSeesMisconduct || (!plainFault && probabilityOf('whistleblowing_report') >= thresholds.whistleblowing)) {
    if (type !== 'whistleblowing_report') decidedBy = 'misconduct_rule';
    type = 'whistleblowing_report';
  } else if (!topic && type !== 'fault_report' && saysDanger(concepts) && probabilityOf('fault_report') >= thresholds.faultWords) {
    type = 'fault_report';
    decidedBy = 'fault_guard';
  } else if (!topic && GENERAL.includes(type) && (probabilityOf('fault_report') >= thresholds.faultGuard || (saysNoPowerNow(concepts) && probabilityOf('fault_report') >= thresholds.faultWords))) {
    type = 'fault_report';
    decidedBy = 'fault_guard';
  }
  const confidence = decidedBy === 'topic_word' ? 1 : probabilityOf(type);
  const triage = type === 'fault_report' ? faultTriage(concepts) : undefined;
  return {
    type,
    confidence: Number(confidence.toFixed(3)),
    needsReview: decidedBy !== 'topic_word' && confidence < thresholds.review,
    confidential: type === 'whistleblowing_report',
    ...(triage ? { triage, emergency: triage === 'emergency' } : {}),
    keyFields: keyFieldsOf(normalized),
    decidedBy,
  };
}

let defaultClassifier: ((text: string) => Classification) | undefined;

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

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

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

/**
 * Scores classifyText against a labelled set (the held-out set in
 * `npm run eval:classify` and in test/unit/classifier-heldout.test.ts) and
 * checks the issue's bars.
 */
import type { Classification } from '../../functions/intake/classify';
import { TICKET_TYPES, type TicketType } from '../../functions/tickets/ticket';
import type { CorpusLine } from './build-train';

/** Issue 10's bars on the held-out set. */
export const BARS = {
  accuracy: 0.92,
  /** Fault reports and whistleblowing reports: missing one costs a crew or confidentiality. */
  recall: { fault_report: 0.98, whistleblowing_report: 0.98 } as Partial<Record<TicketType, number>>,
  /** Largest allowed gap between the two languages' accuracy. */
  languageGap: 0.03,
} as const;

export interface Evaluation {
  readonly count: number;
  readonly accuracy: number;
  readonly byType: Record<TicketType, { precision: number; recall: number; support: number }>;
  readonly byLanguage: Record<string, { accuracy: number; count: number }>;
  /** confusion[actual][predicted] */
  readonly confusion: Record<TicketType, Record<TicketType, number>>;
  readonly triage: { accuracy: number; count: number };
  readonly needsReview: number;
  readonly misses: { text: string; expected: TicketType; got: TicketType; confidence: number }[];
  /** Bars missed, in words; empty when all are met. */
  readonly failures: string[];
}

/**
 * Classifies every line and measures the result.
 *
 * @example
 * const result = evaluate(readCorpus('corpus/classify/heldout.jsonl'), classifyText);
 * if (result.failures.length > 0) process.exitCode = 1;
 */
export function evaluate(lines: readonly CorpusLine[], classify: (text: string) => Classification): Evaluation {
  const confusion = Object.fromEntries(TICKET_TYPES.map((a) => [a, Object.fromEntries(TICKET_TYPES.map((p) => [p, 0]))])) as Evaluation['confusion'];
  const languages: Record<string, { right: number; count: number }> = {};
  const triage = { right: 0, count: 0 };
  let right = 0;
  let needsReview = 0;
  const misses: Evaluation['misses'] = [];
  for (const line of lines) {
    const result = classify(line.text);
    confusion[line.type][result.type]++;
    const language = (languages[line.lang] ??= { right: 0, count: 0 });
    language.count++;
    if (result.needsReview) needsReview++;
    if (result.type === line.type) {
      right++;
      language.right++;
    } else misses.push({ text: line.text, expected: line.type, got: result.type, confidence: result.confidence });
    if (line.type === 'fault_report' && line.triage && result.type === 'fault_report') {
      triage.count++;
      if (result.triage === line.triage) triage.right++;
    }
  }
  const byType = Object.fromEntries(
    TICKET_TYPES.map((type) => {
      const support = TICKET_TYPES.reduce((sum, p) => sum + confusion[type][p], 0);
      const predicted = TICKET_TYPES.reduce((sum, a) => sum + confusion[a][type], 0);
      const hit = confusion[type][type];
      return [type, { precision: predicted ? hit / predicted : 1, recall: support ? hit / support : 1, support }];
    }),
  ) as Evaluation['byType'];
  const byLanguage = Object.fromEntries(Object.entries(languages).map(([lang, v]) => [lang, { accuracy: v.right / v.count, count: v.count }]));
  const accuracy = lines.length ? right / lines.length : 0;

  const failures: string[] = [];
  if (accuracy < BARS.accuracy) failures.push(`accuracy ${accuracy.toFixed(3)} < ${BARS.accuracy}`);
  for (const [type, bar] of Object.entries(BARS.recall) as [TicketType, number][]) {
    if (byType[type].recall < bar) failures.push(`${type} recall ${byType[type].recall.toFixed(3)} < ${bar}`);
  }
  const accuracies = Object.values(byLanguage).map((v) => v.accuracy);
  const gap = accuracies.length > 1 ? Math.max(...accuracies) - Math.min(...accuracies) : 0;
  if (gap > BARS.languageGap) failures.push(`language accuracy gap ${gap.toFixed(3)} > ${BARS.languageGap}`);
  return {
    count: lines.length,
    accuracy,
    byType,
    byLanguage,
    confusion,
    triage: { accuracy: triage.count ? triage.right / triage.count : 1, count: triage.count },
    needsReview,
    misses,
    failures,
  };
}

const SHORT: Record<TicketType, string> = {
  fault_report: 'fault',
  information_query: 'query',
  consultation: 'consult',
  complaint: 'complaint',
  whistleblowing_report: 'report',
  service_application: 'service',
  suggestion_praise: 'suggest',
};

/**
 * The evaluation as the table `npm run eval:classify` prints.
 *
 * @example
 * console.log(formatEvaluation(evaluate(lines, classifyText)));
 */
export function formatEvaluation(result: Evaluation): string {
  const out: string[] = [];
  out.push(`messages: ${result.count}   accuracy: ${result.accuracy.toFixed(3)}   marked for review: ${result.needsReview}`);
  out.push(`per language: ${Object.entries(result.byLanguage).map(([lang, v]) => `${lang} ${v.accuracy.toFixed(3)} (${v.count})`).join('   ')}`);
  out.push(`fault triage (faults typed right, with a triage label): ${result.triage.accuracy.toFixed(3)} of ${result.triage.count}`);
  out.push('', `${'type'.padEnd(24)}precision  recall  support`);
  for (const type of TICKET_TYPES) {
    const v = result.byType[type];
    out.push(`${type.padEnd(24)}${v.precision.toFixed(3).padStart(9)}  ${v.recall.toFixed(3).padStart(6)}  ${String(v.support).padStart(7)}`);
  }
  out.push('', `confusion (rows: expected, columns: classified)`, `${''.padEnd(10)}${TICKET_TYPES.map((t) => SHORT[t].padStart(10)).join('')}`);
  for (const actual of TICKET_TYPES) out.push(`${SHORT[actual].padEnd(10)}${TICKET_TYPES.map((p) => String(result.confusion[actual][p]).padStart(10)).join('')}`);
  out.push('', result.failures.length === 0 ? 'bars: all met' : `bars missed: ${result.failures.join('; ')}`);
  return out.join('\n');
}

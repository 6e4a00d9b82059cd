/**
 * What the centre measures beyond the calls (DOMAIN.md, "What the centre
 * measures"; issue 15): ticket correctness from a daily random sample a
 * quality inspector reviews, outage information checked, callback rates and
 * satisfaction, per-agent indicators and the quality score. Pure rules.
 */
import { createHash } from 'node:crypto';
import { CALLBACK_REASONS, type CallbackReason } from '../callbacks/callback';
import type { TicketType } from '../tickets/ticket';
import { QualityInputError } from './errors';
import { REQUIRED_CALLBACK_REASONS } from './metrics';

/** Tickets of each kind drawn per day (stage config `QUALITY_SAMPLE_SIZE`). */
export const DEFAULT_SAMPLE_SIZE = 20;
/** Points a complaint against an agent takes off the quality score (stage config `COMPLAINT_COEFFICIENT`). */
export const DEFAULT_COMPLAINT_COEFFICIENT = 2;

export type SampleKind = 'non_query' | 'query';

export interface SampleItem {
  readonly day: string;
  readonly ticketId: string;
  readonly ticketType: TicketType;
  readonly kind: SampleKind;
  readonly reviewedAt?: string;
  readonly reviewedBy?: string;
  /** The ticket's type (and for a non-query, the whole ticket) was right. */
  readonly correct?: boolean;
  /** Query tickets: caller number, time, category, name and content were right. */
  readonly keyFieldsCorrect?: boolean;
}

/**
 * The day's random sample: up to `size` non-query and `size` query tickets,
 * ordered by a hash of day and ticket (the same sample however often it is
 * drawn); confidential reports are left out (an inspector may not read them).
 *
 * @example
 * drawSample('2026-12-01', tickets, 20); // [{ ticketId, kind: 'query', ... }, ...]
 */
export function drawSample(day: string, tickets: readonly { ticketId: string; type: TicketType; confidential: boolean }[], size = DEFAULT_SAMPLE_SIZE): SampleItem[] {
  const rank = (id: string) => createHash('sha256').update(`${day}\u0000${id}`).digest('hex');
  const eligible = tickets.filter((t) => !t.confidential).sort((a, b) => rank(a.ticketId).localeCompare(rank(b.ticketId)));
  const pick = (kind: SampleKind) => eligible.filter((t) => (t.type === 'information_query') === (kind === 'query')).slice(0, size).map((t) => ({ day, ticketId: t.ticketId, ticketType: t.type, kind }));
  return [...pick('non_query'), ...pick('query')];
}

/**
 * An inspector's verdict on a sample item: `correct` always, `keyFieldsCorrect` for a query ticket.
 *
 * @example
 * readReview(item, { correct: true, keyFieldsCorrect: false }); // { correct: true, keyFieldsCorrect: false }
 */
export function readReview(item: SampleItem, input: unknown): { correct: boolean; keyFieldsCorrect?: boolean } {
  if (typeof input !== 'object' || input === null) throw new QualityInputError('body', 'a JSON object is required');
  const { correct, keyFieldsCorrect } = input as Record<string, unknown>;
  if (typeof correct !== 'boolean') throw new QualityInputError('correct', 'true or false is required');
  if (item.kind === 'query') {
    if (typeof keyFieldsCorrect !== 'boolean') throw new QualityInputError('keyFieldsCorrect', 'true or false is required for a query ticket');
    return { correct, keyFieldsCorrect };
  }
  return { correct };
}

/** Monitoring and test-call scores an inspector entered for an agent and month, and the complaints against them. */
export interface AgentScores {
  readonly agentId: string;
  readonly month: string;
  readonly monitoring: number;
  readonly testCall: number;
  readonly complaints: number;
  readonly enteredBy: string;
  readonly enteredAt: string;
}

/**
 * Reads scores from a request body (0-100, complaints a count, month `YYYY-MM`).
 *
 * @example
 * readScores({ agentId: 'agent-1007', month: '2026-12', monitoring: 92, testCall: 88, complaints: 1 }, 'inspector-1', now);
 */
export function readScores(input: unknown, enteredBy: string, now: Date): AgentScores {
  if (typeof input !== 'object' || input === null) throw new QualityInputError('body', 'a JSON object is required');
  const body = input as Record<string, unknown>;
  if (typeof body.agentId !== 'string' || !/^[A-Za-z0-9._@-]{1,64}$/.test(body.agentId)) throw new QualityInputError('agentId', 'the agent\'s user name (letters, digits, . _ @ -)');
  if (typeof body.month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(body.month)) throw new QualityInputError('month', 'YYYY-MM');
  for (const field of ['monitoring', 'testCall'] as const) {
    const v = body[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw new QualityInputError(field, 'a score from 0 to 100');
  }
  const complaints = body.complaints ?? 0;
  if (typeof complaints !== 'number' || !Number.isInteger(complaints) || complaints < 0 || complaints > 1000) throw new QualityInputError('complaints', 'a whole number of complaints');
  return { agentId: body.agentId, month: body.month, monitoring: body.monitoring as number, testCall: body.testCall as number, complaints, enteredBy, enteredAt: now.toISOString() };
}

/**
 * The centre's service quality score: (monitoring + test call) / 2 − complaints × coefficient.
 *
 * @example
 * qualityScore({ monitoring: 92, testCall: 88, complaints: 1 }, 2); // 88
 */
export function qualityScore(scores: Pick<AgentScores, 'monitoring' | 'testCall' | 'complaints'>, coefficient = DEFAULT_COMPLAINT_COEFFICIENT): number {
  return (scores.monitoring + scores.testCall) / 2 - scores.complaints * coefficient;
}

/** One indicator with its target; `value` is absent when nothing was measured in the period. */
export interface QualityIndicator {
  readonly name: string;
  readonly value?: number;
  readonly target?: number;
  readonly comparison?: '>=' | '<=';
  readonly met?: boolean;
  /** What the value is made of (reviewed and correct, planned and reached, ...). */
  readonly basis: Readonly<Record<string, number>>;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : undefined);
const indicator = (name: string, value: number | undefined, basis: Record<string, number>, target?: number): QualityIndicator => ({
  name,
  ...(value !== undefined ? { value: Math.round(value * 10_000) / 10_000 } : {}),
  ...(target !== undefined ? { target, comparison: '>=' as const, ...(value !== undefined ? { met: value >= target } : {}) } : {}),
  basis,
});

/** Callbacks required in full (DOMAIN.md: complaints and reports 100%; applications within 1 working day of completion). */
const REQUIRED: readonly CallbackReason[] = REQUIRED_CALLBACK_REASONS;

/** DOMAIN.md's targets for the indicators beyond the calls, once: the API's report and the CloudWatch dashboard read them here. */
export const QUALITY_TARGETS = {
  ticketCorrectnessNonQuery: 0.99,
  keyFieldsCorrectQuery: 0.95,
  outageInformationCorrect: 0.98,
  requiredCallbackRate: 1,
} as const;

/**
 * The quality indicators over a period from the summed day counters.
 *
 * @example
 * qualityIndicators({ reviews, outageChecks, callbacks }); // [{ name: 'ticket_correctness_non_query', value: 0.99, target: 0.99, ... }, ...]
 */
export function qualityIndicators(input: { readonly reviews: Readonly<Record<string, number>>; readonly outageChecks: Readonly<Record<string, number>>; readonly callbacks: Readonly<Record<string, number>> }): QualityIndicator[] {
  const r = (name: string) => input.reviews[name] ?? 0;
  const c = (name: string) => input.callbacks[name] ?? 0;
  const o = (name: string) => input.outageChecks[name] ?? 0;
  const out: QualityIndicator[] = [
    indicator('ticket_correctness_non_query', ratio(r('correct_non_query'), r('reviewed_non_query')), { reviewed: r('reviewed_non_query'), correct: r('correct_non_query') }, QUALITY_TARGETS.ticketCorrectnessNonQuery),
    indicator('key_fields_correct_query', ratio(r('keyFieldsCorrect_query'), r('reviewed_query')), { reviewed: r('reviewed_query'), correct: r('keyFieldsCorrect_query') }, QUALITY_TARGETS.keyFieldsCorrectQuery),
    indicator('outage_information_correct', ratio(o('correct'), o('checked')), { checked: o('checked'), correct: o('correct') }, QUALITY_TARGETS.outageInformationCorrect),
  ];
  let reached = 0;
  let satisfied = 0;
  for (const reason of CALLBACK_REASONS) {
    const planned = c(`planned_${reason}`);
    const done = c(`reached_${reason}`) + c(`unreachable_${reason}`);
    reached += c(`reached_${reason}`);
    satisfied += c(`satisfied_${reason}`);
    out.push(indicator(`callback_rate_${reason}`, ratio(done, planned), { planned, reached: c(`reached_${reason}`), unreachable: c(`unreachable_${reason}`), onTime: c(`onTime_${reason}`) }, REQUIRED.includes(reason) ? QUALITY_TARGETS.requiredCallbackRate : undefined));
  }
  out.push(indicator('callback_satisfaction', ratio(satisfied, reached), { reached, satisfied }));
  return out;
}

/** An agent's handled calls over a period, from the contact records. */
export interface AgentDay {
  readonly agentId: string;
  readonly handled: number;
  readonly talkSeconds: number;
  readonly afterCallWorkSeconds: number;
  readonly transferred: number;
}

/**
 * Every indicator over a period (issue 15): the call indicators from the
 * contact records, the quality ones from the day counters, the agents' own
 * from their call days and the inspectors' scores. Primary course: the
 * period's local days; sum each counter partition over them; compute.
 */
import type { KpiReport } from '../kpis/report';
import * as keys from '../shared/keys';
import { localDateIn } from '../tickets/calendar';
import { QualityInputError } from './errors';
import { DEFAULT_COMPLAINT_COEFFICIENT, qualityIndicators, qualityScore, type AgentDay, type AgentScores, type QualityIndicator } from './quality';

/** A period of at most this many days (a quarter): longer asks are refused rather than slow. */
export const MAX_PERIOD_DAYS = 92;

export interface AgentIndicators {
  readonly agentId: string;
  readonly callsHandled: number;
  readonly averageHandleSeconds?: number;
  readonly averageAfterCallSeconds?: number;
  readonly transfers: number;
  readonly transferRate?: number;
  /** The month's scores the inspectors entered (the latest month of the period that has them). */
  readonly scores?: Pick<AgentScores, 'month' | 'monitoring' | 'testCall' | 'complaints'> & { readonly qualityScore: number };
}

export interface IndicatorReport {
  readonly from: string;
  readonly to: string;
  readonly quality: readonly QualityIndicator[];
  readonly calls: KpiReport;
  readonly agents: readonly AgentIndicators[];
}

export interface IndicatorSources {
  counters(pk: string, fromDay: string, toDay: string): Promise<Record<string, number>>;
  agentDays(days: readonly string[]): Promise<AgentDay[]>;
  scores(month: string): Promise<AgentScores[]>;
  callbackCounters(fromDay: string, toDay: string): Promise<Record<string, number>>;
  calls(from: string, to: string): Promise<KpiReport>;
}

/**
 * The period [from, to) as given in a request: ISO instants, from before to, at most 92 days.
 *
 * @example
 * readPeriod('2026-12-01T00:00:00+08:00', '2026-12-02T00:00:00+08:00', now);
 */
export function readPeriod(from: string | null, to: string | null, now: Date): { from: Date; to: Date } {
  const end = to === null ? now : new Date(to);
  const start = from === null ? new Date(end.getTime() - 86_400_000) : new Date(from);
  if (Number.isNaN(start.getTime())) throw new QualityInputError('from', 'an ISO-8601 instant');
  if (Number.isNaN(end.getTime())) throw new QualityInputError('to', 'an ISO-8601 instant');
  if (start >= end) throw new QualityInputError('from', 'before to');
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw new QualityInputError('to', `at most ${MAX_PERIOD_DAYS} days after from`);
  return { from: start, to: end };
}

/**
 * The indicator report of a period (day counters count whole local days touched by it).
 *
 * @example
 * await indicatorReport(period, sources, 'Asia/Shanghai');
 */
export async function indicatorReport(period: { from: Date; to: Date }, sources: IndicatorSources, timeZone: string, coefficient = DEFAULT_COMPLAINT_COEFFICIENT): Promise<IndicatorReport> {
  const days: string[] = [];
  for (let t = period.from.getTime(); t < period.to.getTime(); t += 86_400_000) days.push(localDateIn(new Date(t), timeZone));
  const lastDay = localDateIn(new Date(period.to.getTime() - 1), timeZone);
  if (days.at(-1) !== lastDay) days.push(lastDay);
  const fromDay = days[0] as string;
  const months = [...new Set(days.map((d) => d.slice(0, 7)))];
  const [reviews, outageChecks, callbacks, agentDays, calls, scoresByMonth] = await Promise.all([
    sources.counters(keys.qualityReviewCounter('').pk, fromDay, lastDay),
    sources.counters(keys.outageCheckCounter('').pk, fromDay, lastDay),
    sources.callbackCounters(fromDay, lastDay),
    sources.agentDays([...new Set(days)]),
    sources.calls(period.from.toISOString(), period.to.toISOString()),
    Promise.all(months.map((m) => sources.scores(m))),
  ]);
  const latestScores = new Map<string, AgentScores>();
  for (const scores of scoresByMonth) for (const s of scores) latestScores.set(s.agentId, s);
  const agentIds = [...new Set([...agentDays.map((a) => a.agentId), ...latestScores.keys()])].sort();
  const agents = agentIds.map((agentId): AgentIndicators => {
    const day = agentDays.find((a) => a.agentId === agentId);
    const handled = day?.handled ?? 0;
    const s = latestScores.get(agentId);
    return {
      agentId,
      callsHandled: handled,
      ...(handled > 0 && day ? { averageHandleSeconds: (day.talkSeconds + day.afterCallWorkSeconds) / handled, averageAfterCallSeconds: day.afterCallWorkSeconds / handled, transferRate: day.transferred / handled } : {}),
      transfers: day?.transferred ?? 0,
      ...(s ? { scores: { month: s.month, monitoring: s.monitoring, testCall: s.testCall, complaints: s.complaints, qualityScore: qualityScore(s, coefficient) } } : {}),
    };
  });
  return { from: period.from.toISOString(), to: period.to.toISOString(), quality: qualityIndicators({ reviews, outageChecks, callbacks }), calls, agents };
}

/**
 * The centre's call indicators (DOMAIN.md, "What the centre measures"),
 * from Amazon Connect contact records, per 15-minute interval. Each record
 * contributes counts and sums; rates and averages are computed when read, so
 * intervals add up into any period exactly.
 */
import type { ContactRecord } from './schemas';

export const INTERVAL_MINUTES = 15;
/** "Answered before the 4th ring / within 12 s". */
export const SERVICE_LEVEL_SECONDS = 12;
export const REPEAT_WINDOW_DAYS = 7;

/** What one contact record adds to its interval. */
export interface IntervalCounts {
  /** Inbound voice calls (the denominator of deflection and repeats). */
  readonly inbound: number;
  /** Inbound calls that reached the agent queue. */
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly answeredWithinThreshold: number;
  /** Seconds in queue of answered calls (for ASA). */
  readonly queueWaitSeconds: number;
  readonly talkSeconds: number;
  readonly afterCallWorkSeconds: number;
  readonly transferred: number;
  /** Inbound calls that ended in the IVR without reaching the queue. */
  readonly ivrDeflected: number;
  /** Inbound calls from a caller who had called within the previous 7 days. */
  readonly repeatContacts: number;
}

export const ZERO_COUNTS: IntervalCounts = {
  inbound: 0,
  offered: 0,
  answered: 0,
  abandoned: 0,
  answeredWithinThreshold: 0,
  queueWaitSeconds: 0,
  talkSeconds: 0,
  afterCallWorkSeconds: 0,
  transferred: 0,
  ivrDeflected: 0,
  repeatContacts: 0,
};

/**
 * The start of the interval an instant falls in (UTC-aligned: 15 minutes divides every zone offset in use here).
 *
 * @example
 * intervalStart('2026-11-23T01:07:30Z'); // '2026-11-23T01:00:00.000Z'
 */
export function intervalStart(instant: string): string {
  const ms = INTERVAL_MINUTES * 60_000;
  return new Date(Math.floor(Date.parse(instant) / ms) * ms).toISOString();
}

/**
 * What a record adds, or undefined for records the indicators ignore
 * (outbound, callbacks, chats, transfers in: those are counted on their first leg).
 */
export function countsOf(record: ContactRecord, repeat: boolean): IntervalCounts | undefined {
  if (record.Channel !== 'VOICE' || record.InitiationMethod !== 'INBOUND') return undefined;
  const enqueued = record.Queue?.EnqueueTimestamp ?? undefined;
  const connected = record.Agent?.ConnectedToAgentTimestamp ?? undefined;
  const offered = enqueued !== undefined;
  const answered = offered && connected !== undefined;
  const waitSeconds = answered ? (Date.parse(connected) - Date.parse(enqueued)) / 1000 : 0;
  return {
    inbound: 1,
    offered: offered ? 1 : 0,
    answered: answered ? 1 : 0,
    abandoned: offered && !answered ? 1 : 0,
    answeredWithinThreshold: answered && waitSeconds <= SERVICE_LEVEL_SECONDS ? 1 : 0,
    queueWaitSeconds: waitSeconds,
    talkSeconds: answered ? (record.Agent?.AgentInteractionDuration ?? 0) : 0,
    afterCallWorkSeconds: answered ? (record.Agent?.AfterContactWorkDuration ?? 0) : 0,
    transferred: answered && record.TransferCompletedTimestamp ? 1 : 0,
    ivrDeflected: offered ? 0 : 1,
    repeatContacts: repeat ? 1 : 0,
  };
}

export function addCounts(a: IntervalCounts, b: IntervalCounts): IntervalCounts {
  return Object.fromEntries(Object.keys(ZERO_COUNTS).map((k) => [k, a[k as keyof IntervalCounts] + b[k as keyof IntervalCounts]])) as unknown as IntervalCounts;
}

export interface Indicator {
  readonly name: string;
  /** undefined when there is nothing to divide by (no calls). */
  readonly value: number | undefined;
  readonly unit: 'count' | 'ratio' | 'seconds';
  /** The DOMAIN.md target, as words and as a check. */
  readonly target: string;
  readonly met: boolean | undefined;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : undefined);
const check = (value: number | undefined, ok: (v: number) => boolean) => (value === undefined ? undefined : ok(value));

/**
 * The indicator table for a period, with each target from DOMAIN.md.
 *
 * @example
 * kpiTable(addCounts(a, b)).find((i) => i.name === 'service level (12 s)')?.value;
 */
export function kpiTable(c: IntervalCounts): Indicator[] {
  const answerRate = ratio(c.answered, c.offered);
  const serviceLevel = ratio(c.answeredWithinThreshold, c.offered);
  const asa = ratio(c.queueWaitSeconds, c.answered);
  const talk = ratio(c.talkSeconds, c.answered);
  const acw = ratio(c.afterCallWorkSeconds, c.answered);
  const transfer = ratio(c.transferred, c.answered);
  const deflected = ratio(c.ivrDeflected, c.inbound);
  const repeats = ratio(c.repeatContacts, c.inbound);
  return [
    { name: 'offered', value: c.offered, unit: 'count', target: 'watched', met: undefined },
    { name: 'answered', value: c.answered, unit: 'count', target: 'watched', met: undefined },
    { name: 'abandoned', value: c.abandoned, unit: 'count', target: 'watched', met: undefined },
    { name: 'answer rate', value: answerRate, unit: 'ratio', target: 'watched around the clock', met: undefined },
    { name: 'service level (12 s)', value: serviceLevel, unit: 'ratio', target: 'answered within 12 s: always (100%)', met: check(serviceLevel, (v) => v >= 1) },
    { name: 'average speed of answer', value: asa, unit: 'seconds', target: '<= 12 s', met: check(asa, (v) => v <= SERVICE_LEVEL_SECONDS) },
    { name: 'average talk time', value: talk, unit: 'seconds', target: '<= 150 s', met: check(talk, (v) => v <= 150) },
    { name: 'average after-call work', value: acw, unit: 'seconds', target: '<= 60 s', met: check(acw, (v) => v <= 60) },
    { name: 'transfer rate', value: transfer, unit: 'ratio', target: '<= 3%', met: check(transfer, (v) => v <= 0.03) },
    { name: 'IVR deflected', value: deflected, unit: 'ratio', target: 'watched (share of inbound calls ended in self-service)', met: undefined },
    { name: 'repeat contacts within 7 days', value: repeats, unit: 'ratio', target: 'watched (first-contact resolution is its complement)', met: undefined },
  ];
}

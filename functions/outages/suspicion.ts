/**
 * Suspected outages (issue 13): grid operations often learns of an unplanned
 * outage from the calls before anyone declares it. Fault reports from
 * different customers under one transformer within a window, where no outage
 * is declared, open one suspected outage; the reports before it and after it
 * attach to it with one repair work order. Pure rules: counting and writing
 * live in the cluster watch (cluster-watch.ts) and its adapter.
 */
import type { Outage, Suspicion } from './outage';

/** Stage config (`SUSPICION_*`); storm mode is an item operators write (PUT /storm-mode). */
export interface SuspicionSettings {
  /** Distinct customers within the window that open a suspicion (default 3). */
  readonly threshold: number;
  /** The lower threshold while storm mode is on (default 2). */
  readonly stormThreshold: number;
  /** Length of a window; windows are fixed buckets from midnight UTC (default 30). */
  readonly windowMinutes: number;
}

export const DEFAULT_SUSPICION_SETTINGS: SuspicionSettings = { threshold: 3, stormThreshold: 2, windowMinutes: 30 };

/** What operators switched on through the outage API; absent means normal. */
export interface StormMode {
  readonly on: boolean;
  /** Overrides the stage's storm threshold while on. */
  readonly threshold?: number;
  readonly changedAt: string;
}

/**
 * Cluster reports are spread over this many partitions per transformer and
 * window, so a storm's writes never land on one partition (DynamoDB takes
 * 1,000 writes/s per partition): 10,000 reports in 20 s are 500/s spread over 8.
 */
export const CLUSTER_SHARDS = 8;

/** A fault report that opened its own ticket, as the cluster watch sees it (written in the contact's transaction). */
export interface ClusterReport {
  readonly contactKey: string;
  readonly accountNumber: string;
  readonly transformer: string;
  readonly feeder: string;
  readonly area: string;
  readonly ticketId: string;
  readonly orderId?: string;
  readonly sender: string;
  readonly language: 'zh-CN' | 'en';
  readonly reportedAt: string;
  /** The ticket's crew on-site due instant: a suspicion's ETR until grid operations gives one. */
  readonly crewDue?: string;
}

/**
 * The window a report falls in: fixed buckets of `windowMinutes`. A cluster
 * straddling a boundary counts in two windows (see docs/architecture.md,
 * "Decisions (suspected outages)").
 *
 * @example
 * windowStart('2026-11-23T02:41:00Z', 30); // '2026-11-23T02:30:00.000Z'
 */
export function windowStart(at: string, windowMinutes: number): string {
  const size = windowMinutes * 60_000;
  return new Date(Math.floor(Date.parse(at) / size) * size).toISOString();
}

/**
 * The suspicion's id, derived from transformer and window, so every container
 * that sees the crossing writes the same key and a conditional put decides once.
 *
 * @example
 * suspicionId('HZ-XIHU-F02-T01', '2026-11-23T02:30:00.000Z'); // 'SUSPECT-HZ-XIHU-F02-T01-202611230230'
 */
export function suspicionId(transformer: string, window: string): string {
  const stamp = window.slice(0, 16).replace(/[-:T]/g, '');
  const name = transformer.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 38);
  return `SUSPECT-${name}-${stamp}`;
}

/**
 * Which of the `CLUSTER_SHARDS` partitions a report goes to: by its contact
 * key, so a redelivered contact writes the same item.
 *
 * @example
 * clusterShard('sms#abc'); // 0..7
 */
export function clusterShard(contactKey: string): number {
  let h = 2166136261;
  for (let i = 0; i < contactKey.length; i++) h = Math.imul(h ^ contactKey.charCodeAt(i), 16777619);
  return (h >>> 0) % CLUSTER_SHARDS;
}

/** The threshold in force and its mode. */
export function thresholdInForce(settings: SuspicionSettings, storm: StormMode | undefined): { threshold: number; mode: Suspicion['mode'] } {
  return storm?.on ? { threshold: storm.threshold ?? settings.stormThreshold, mode: 'storm' } : { threshold: settings.threshold, mode: 'normal' };
}

/** Distinct customers among a window's reports (a customer reporting from two phones counts once). */
export function distinctCustomers(reports: readonly Pick<ClusterReport, 'accountNumber'>[]): number {
  return new Set(reports.map((r) => r.accountNumber)).size;
}

/** The language-neutral cause callers hear until grid operations confirms one. */
export const SUSPECTED_CAUSE = { 'zh-CN': '您所在区域的故障报修，正在核实处理', en: 'a fault reported in your area, being checked' } as const;

/**
 * The suspected outage opened by a window's reports: the earliest report's
 * ticket and work order become its one dispatch; its ETR is that order's crew
 * on-site time until grid operations gives one.
 *
 * @example
 * const outage = openSuspicion(reports, { threshold: 3, mode: 'normal', windowMinutes: 30 }, '2026-11-23T02:12:00Z', crewDue);
 */
export function openSuspicion(
  reports: readonly ClusterReport[],
  rule: { threshold: number; mode: Suspicion['mode']; windowMinutes: number },
  openedAt: string,
  crewDue: string,
): Outage {
  const lead = [...reports].sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.contactKey.localeCompare(b.contactKey))[0];
  if (!lead) throw new RangeError('a suspicion needs at least one report');
  const window = windowStart(lead.reportedAt, rule.windowMinutes);
  return {
    outageId: suspicionId(lead.transformer, window),
    kind: 'unplanned',
    areas: [lead.area],
    feeders: [],
    transformers: [lead.transformer],
    cause: SUSPECTED_CAUSE,
    etr: crewDue,
    declaredAt: openedAt,
    status: 'suspected',
    suspicion: {
      threshold: rule.threshold,
      windowMinutes: rule.windowMinutes,
      mode: rule.mode,
      windowStart: window,
      openedAt,
      feeder: lead.feeder,
      rolledUpToFeeder: false,
      repairTicketId: lead.ticketId,
      ...(lead.orderId ? { repairOrderId: lead.orderId } : {}),
    },
  };
}

/**
 * The stage's suspicion settings from the environment (`SUSPICION_THRESHOLD`,
 * `STORM_SUSPICION_THRESHOLD`, `SUSPICION_WINDOW_MINUTES`), every one a positive whole number.
 *
 * @example
 * suspicionSettings({ SUSPICION_THRESHOLD: '5' }); // { threshold: 5, stormThreshold: 2, windowMinutes: 30 }
 */
export function suspicionSettings(env: Readonly<Record<string, string | undefined>>): SuspicionSettings {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive whole number`);
    return value;
  };
  return {
    threshold: read('SUSPICION_THRESHOLD', DEFAULT_SUSPICION_SETTINGS.threshold),
    stormThreshold: read('STORM_SUSPICION_THRESHOLD', DEFAULT_SUSPICION_SETTINGS.stormThreshold),
    windowMinutes: read('SUSPICION_WINDOW_MINUTES', DEFAULT_SUSPICION_SETTINGS.windowMinutes),
  };
}

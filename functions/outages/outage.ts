/**
 * Outages known to the centre (declared by grid operations; locally from a
 * seed file). A fault report from inside an active outage joins it instead
 * of becoming a new dispatch (ARCHITECTURE.md, "Outages absorb fault reports").
 */
export interface Outage {
  readonly outageId: string;
  readonly kind: 'planned' | 'unplanned';
  readonly areas: readonly string[];
  readonly feeders: readonly string[];
  readonly cause: { readonly 'zh-CN': string; readonly en: string };
  /** Estimated restoration time, ISO-8601 instant. */
  readonly etr: string;
  readonly declaredAt: string;
  /**
   * `suspected`: opened by the centre from a cluster of fault reports (outages/suspicion.ts), not yet
   * decided by grid operations; `confirmed` makes it `active`, `merged` and `rejected` end it.
   */
  readonly status: 'active' | 'restored' | 'suspected' | 'merged' | 'rejected';
  /** Planned outages: the announced supply interruption window (ISO-8601 instants). */
  readonly window?: { readonly start: string; readonly end: string };
  /** The ETR customers were last told (initial notice or last announced change); a small move leaves it. */
  readonly announcedEtr?: string;
  /** How many ETR changes were announced to customers (0 or absent: none). */
  readonly etrRevision?: number;
  readonly restoredAt?: string;
  /** Suspected outages: the transformers whose reports opened or joined it. */
  readonly transformers?: readonly string[];
  /** Suspected outages: the rule that opened it and its one repair work order (visible on GET /outages/{id}). */
  readonly suspicion?: Suspicion;
  /** Suspected outages: what grid operations decided, and when. */
  readonly decision?: SuspicionDecision;
}

/** Why and when the centre suspected an outage: the threshold in force, the window, the repair order. */
export interface Suspicion {
  /** Distinct customers' fault reports within the window that opened it. */
  readonly threshold: number;
  readonly windowMinutes: number;
  /** `storm`: the lower threshold operators switch on (PUT /storm-mode). */
  readonly mode: 'normal' | 'storm';
  readonly windowStart: string;
  readonly openedAt: string;
  /** The feeder the transformers hang on; two transformers of it roll the suspicion up to the feeder. */
  readonly feeder: string;
  readonly rolledUpToFeeder: boolean;
  /** The earliest report's ticket and its work order: the one dispatch for the whole cluster. */
  readonly repairTicketId: string;
  readonly repairOrderId?: string;
}

export type SuspicionDecision =
  | { readonly action: 'confirmed'; readonly at: string }
  | { readonly action: 'merged'; readonly at: string; readonly into: string }
  | { readonly action: 'rejected'; readonly at: string; readonly reason?: string; readonly ticketsReopened: number; readonly ticketsOpened: number };

export interface SupplyPoint {
  readonly area: string;
  readonly feeder: string;
  readonly transformer?: string;
}

/**
 * The active outage that covers a supply point, by feeder first (precise),
 * then by area (a whole-area outage). The earliest declared wins so that
 * every report about one incident lands on the same outage.
 *
 * @example
 * outageCovering(active, { area: 'HZ-XIHU', feeder: 'HZ-XIHU-F02' })?.outageId
 */
export function outageCovering(outages: readonly Outage[], point: SupplyPoint): Outage | undefined {
  const active = outages.filter((o) => o.status === 'active').sort((a, b) => a.declaredAt.localeCompare(b.declaredAt));
  return active.find((o) => o.feeders.includes(point.feeder)) ?? active.find((o) => o.areas.includes(point.area));
}

/**
 * The suspected outage a supply point's fault report joins: under its
 * transformer, or anywhere on its feeder once the suspicion rolled up. Only
 * when no declared outage covers the point (`outageCovering` first).
 *
 * @example
 * suspicionCovering(active, { area: 'HZ-XIHU', feeder: 'HZ-XIHU-F02', transformer: 'HZ-XIHU-F02-T01' })?.outageId
 */
export function suspicionCovering(outages: readonly Outage[], point: SupplyPoint): Outage | undefined {
  const suspected = outages.filter((o) => o.status === 'suspected').sort((a, b) => a.declaredAt.localeCompare(b.declaredAt));
  return (
    suspected.find((o) => point.transformer !== undefined && (o.transformers ?? []).includes(point.transformer)) ??
    suspected.find((o) => o.suspicion?.rolledUpToFeeder === true && o.suspicion.feeder === point.feeder)
  );
}

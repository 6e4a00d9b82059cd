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
  readonly status: 'active' | 'restored';
  /** Planned outages: the announced supply interruption window (ISO-8601 instants). */
  readonly window?: { readonly start: string; readonly end: string };
  /** The ETR customers were last told (initial notice or last announced change); a small move leaves it. */
  readonly announcedEtr?: string;
  /** How many ETR changes were announced to customers (0 or absent: none). */
  readonly etrRevision?: number;
  readonly restoredAt?: string;
}

export interface SupplyPoint {
  readonly area: string;
  readonly feeder: string;
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

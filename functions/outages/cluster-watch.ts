/**
 * The cluster watch (issue 13): reads the cluster reports intake wrote (the
 * table stream in AWS), decides when a transformer's window crosses the
 * threshold, opens the one suspected outage with a conditional put of an item
 * keyed by transformer and window, and attaches the window's reports to it.
 * Intake learns of the suspicion from its cached active-outage read and joins
 * later reports to it directly.
 */
import { SuspicionClaimContendedError } from './errors';
import type { Outage, SupplyPoint } from './outage';
import { outageCovering, suspicionCovering } from './outage';
import {
  distinctCustomers,
  openSuspicion,
  suspicionId,
  thresholdInForce,
  windowStart,
  type ClusterReport,
  type StormMode,
  type SuspicionSettings,
} from './suspicion';

const ATTACH_CONCURRENCY = 16;
/** Rounds of open / read the holder / take over before the batch is retried: the claim changes hands only when a suspicion ends. */
const CLAIM_ATTEMPTS = 4;

export interface ClusterStore {
  /** Every cluster report of a transformer's window (one Query per shard). */
  reportsInWindow(transformer: string, windowStart: string): Promise<ClusterReport[]>;
  stormMode(): Promise<StormMode | undefined>;
  /** Consistent read of one outage item. */
  get(outageId: string): Promise<Outage | undefined>;
  /** The active-outage registry (declared and suspected). */
  listActive(): Promise<Outage[]>;
  /** Writes the item if its id is new (a transformer's pointer to the suspicion it rolled up into). */
  create(outage: Outage): Promise<boolean>;
  /**
   * Opens a suspicion and claims its feeder in one transaction: only if its id is new and the feeder's
   * claim is absent or still names `takeOver` (a suspicion that has ended). Otherwise says which
   * condition stopped it: the suspicion exists, or another suspicion holds the feeder.
   */
  openSuspicion(outage: Outage, takeOver?: string): Promise<SuspicionOpening>;
  /** Adds a transformer to a suspicion and marks it rolled up to its feeder. */
  rollUp(outageId: string, transformer: string): Promise<void>;
  /** Attaches a report (and, unless it is the repair ticket, closes its ticket into the outage and withdraws its order). */
  attach(outage: Outage, report: ClusterReport, at: string): Promise<'attached' | 'already'>;
}

export type SuspicionOpening = { readonly kind: 'opened' } | { readonly kind: 'exists' } | { readonly kind: 'feeder_claimed'; readonly by: string };

export interface ClusterWatchDeps {
  readonly store: ClusterStore;
  readonly settings: SuspicionSettings;
  readonly now: () => Date;
}

export interface ClusterWatchSummary {
  /** Suspicions this batch opened (ids). */
  readonly opened: string[];
  readonly attached: number;
  /** Reports that were already attached (a redelivered batch). */
  readonly alreadyAttached: number;
  /** Reports that stay individual tickets (under the threshold, or the suspicion was rejected). */
  readonly individual: number;
}

/**
 * One batch of cluster reports.
 *
 * Primary course:
 * 1. Group the reports by transformer and window; read storm mode once.
 * 2. A group whose transformer already has a suspicion this window (its own, or one it rolled up into,
 *    or a feeder-wide one) attaches to it (to the declared outage if it was merged; nowhere if rejected);
 *    so does a group a declared outage covers (declared after intake last read the registry).
 * 3. Otherwise count the window's distinct customers, with the previous window's reports of the last
 *    window length when that is not enough (a cluster straddling the boundary); under the threshold in
 *    force nothing happens.
 * 4. At or over it: open the suspicion, keyed by transformer and window, claiming its feeder in the same
 *    transaction; if another suspicion holds the feeder, roll this transformer up to it instead. Of
 *    simultaneous deciders (on one transformer or across the feeder) exactly one opens.
 * 5. Attach every report of the window: the earliest report's ticket and work order are the one
 *    dispatch; the other tickets close into the suspicion and their orders are withdrawn.
 *
 * @example
 * await watchClusters(reportsFromStream, { store, settings, now: () => new Date() });
 */
export async function watchClusters(reports: readonly ClusterReport[], deps: ClusterWatchDeps): Promise<ClusterWatchSummary> {
  const summary = { opened: [] as string[], attached: 0, alreadyAttached: 0, individual: 0 };
  const groups = new Map<string, ClusterReport[]>();
  for (const report of reports) {
    const key = `${report.transformer}\u0000${windowStart(report.reportedAt, deps.settings.windowMinutes)}`;
    groups.set(key, [...(groups.get(key) ?? []), report]);
  }
  if (groups.size === 0) return summary;
  // One round trip for what every group's decision starts from: in a storm each request waits behind intake's.
  const [storm, active, ...existing] = await Promise.all([
    deps.store.stormMode(),
    deps.store.listActive(),
    ...[...groups.keys()].map((key) => deps.store.get(suspicionId(...(key.split('\u0000') as [string, string])))),
  ]);
  const rule = { ...thresholdInForce(deps.settings, storm), windowMinutes: deps.settings.windowMinutes };
  const at = deps.now().toISOString();

  for (const [g, [key, batch]] of [...groups].entries()) {
    const [transformer, window] = key.split('\u0000') as [string, string];
    const first = batch[0]!;
    let target = await following(existing[g] as Outage | undefined, deps.store);
    let toAttach: readonly ClusterReport[] = batch;
    if (!target) {
      // A declared outage intake had not seen yet (its cache is 15 s old at most) takes the reports as it would have.
      const point = { area: first.area, feeder: first.feeder, transformer };
      target = outageCovering(active, point) ?? suspicionCovering(active, point);
    }
    if (!target) {
      let all = mergeReports(await deps.store.reportsInWindow(transformer, window), batch);
      if (distinctCustomers(all) < rule.threshold) {
        // A cluster straddling the window's start: the previous window's reports within one window length of the latest count too.
        all = mergeReports(await recentInPreviousWindow(deps.store, transformer, window, all, deps.settings.windowMinutes), all);
      }
      if (distinctCustomers(all) < rule.threshold) {
        summary.individual += batch.length;
        continue;
      }
      toAttach = all;
      const lead = [...all].sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.contactKey.localeCompare(b.contactKey))[0]!;
      const candidate = openSuspicion(all, rule, at, lead.crewDue ?? at);
      const decided = await openOrRollUp(candidate, { area: first.area, feeder: first.feeder, transformer }, window, at, deps.store);
      if (decided.opened) summary.opened.push(candidate.outageId);
      target = decided.target;
    }
    if (!target) {
      summary.individual += batch.length;
      continue;
    }
    const queue = [...toAttach];
    const outage = target;
    // A few at once: each is its own small transaction on different items.
    await Promise.all(
      Array.from({ length: ATTACH_CONCURRENCY }, async () => {
        for (let report = queue.shift(); report; report = queue.shift()) {
          if ((await deps.store.attach(outage, report, at)) === 'attached') summary.attached++;
          else summary.alreadyAttached++;
        }
      }),
    );
  }
  return summary;
}

/**
 * Opens the suspicion, claiming its feeder in the same transaction; or, when another suspicion holds
 * the feeder, rolls this transformer up to it. Of deciders on one feeder at the same instant (its
 * transformers crossing in different watch invocations) exactly one opens; the others roll up.
 * A claim naming a suspicion that has ended (rejected, restored) is taken over, conditional on
 * still naming it, so two deciders cannot both take it over.
 */
async function openOrRollUp(candidate: Outage, point: Required<SupplyPoint>, window: string, at: string, store: ClusterStore): Promise<{ target?: Outage; opened: boolean }> {
  let takeOver: string | undefined;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    const opening = await store.openSuspicion(candidate, takeOver);
    if (opening.kind === 'opened') return { target: candidate, opened: true };
    if (opening.kind === 'exists') return { target: await following(await store.get(candidate.outageId), store), opened: false };
    const holder = await following(await store.get(opening.by), store);
    if (holder?.status === 'suspected') {
      const sibling = !(holder.transformers ?? []).includes(point.transformer);
      // Two transformers of one feeder: one suspicion for the feeder; this transformer's key points at it.
      if (sibling) await store.rollUp(holder.outageId, point.transformer);
      await store.create(rolledUpPointer(point.transformer, window, holder, at));
      return {
        target: sibling ? { ...holder, transformers: [...(holder.transformers ?? []), point.transformer], suspicion: { ...holder.suspicion!, rolledUpToFeeder: true } } : holder,
        opened: false,
      };
    }
    // Confirmed, or merged into a declared outage, that covers this transformer: the reports go there.
    if (holder && outageCovering([holder], point)) return { target: holder, opened: false };
    takeOver = opening.by;
  }
  throw new SuspicionClaimContendedError(point.feeder);
}

/** Where reports of a transformer's window go now: the suspicion, the declared outage it was merged into or rolled up into; nowhere once rejected or restored. */
async function following(outage: Outage | undefined, store: ClusterStore): Promise<Outage | undefined> {
  for (let hops = 0; outage && hops < 3; hops++) {
    if (outage.status === 'suspected' || outage.status === 'active') return outage;
    if (outage.status !== 'merged' || outage.decision?.action !== 'merged') return undefined;
    outage = await store.get(outage.decision.into);
  }
  return undefined;
}

/** A transformer's own suspicion key, recorded as merged into the feeder's suspicion it rolled up into. */
function rolledUpPointer(transformer: string, window: string, into: Outage, at: string): Outage {
  return { ...into, outageId: suspicionId(transformer, window), transformers: [transformer], status: 'merged', decision: { action: 'merged', at, into: into.outageId } };
}

/** The previous window's reports no more than one window length before the latest of `reports` (a sliding count across the boundary). */
async function recentInPreviousWindow(store: ClusterStore, transformer: string, window: string, reports: readonly ClusterReport[], windowMinutes: number): Promise<ClusterReport[]> {
  const latest = Math.max(...reports.map((r) => Date.parse(r.reportedAt)));
  const previous = windowStart(new Date(Date.parse(window) - 1).toISOString(), windowMinutes);
  return (await store.reportsInWindow(transformer, previous)).filter((r) => latest - Date.parse(r.reportedAt) < windowMinutes * 60_000);
}

function mergeReports(stored: readonly ClusterReport[], batch: readonly ClusterReport[]): ClusterReport[] {
  const byKey = new Map(stored.map((r) => [r.contactKey, r]));
  for (const r of batch) byKey.set(r.contactKey, r);
  return [...byKey.values()];
}

/**
 * What grid operations can do to an outage (issue 5, scope 1): declare it,
 * move its ETR, restore it. Each command changes the registry intake reads
 * (outages/adapters/outage-repository.ts) and hands the notices to the
 * planner as a job: fan-out never runs inside the API request.
 */
import { MalformedOutageRequestError, OutageConflictError, OutageNotFoundError, OutageValidationError } from './errors';
import type { Outage } from './outage';
import { planKey, type OutageStore, type PlanningJob, type PlanningQueue, type PlanSummary } from './ports';
import type { DeclareOutageRequest, RestoreOutageRequest, UpdateEtrRequest } from './schemas';

export interface OutageCommandDeps {
  readonly store: OutageStore;
  readonly planning: PlanningQueue;
  readonly now: () => Date;
  /** An ETR that moves less than this from the one last announced is not announced again. */
  readonly etrChangeThresholdMinutes: number;
}

/** Planned outages are announced at least this long ahead (DOMAIN.md, "Who uses it"). */
export const PLANNED_NOTICE_DAYS = 7;
const DAY_MS = 86_400_000;
const CONCURRENT_CHANGE_ATTEMPTS = 3;

/**
 * The sane range of outage times: dates beyond it are typing or system
 * errors (an ETR in 2099 would be read to every caller and keep the outage
 * active for ever), refused with a 400 naming the field.
 */
export const OUTAGE_TIME_LIMITS = {
  /** A planned window starts at most this far ahead (maintenance is approved within the year). */
  plannedAheadDays: 366,
  /** A window lasts, and an ETR lies after the outage starts, at most this long. */
  durationDays: 31,
  /** A restoration time or a moved ETR lies at most this far from now. */
  aroundNowDays: 31,
} as const;

function outOfRange(field: string, instant: string | undefined, first: number, last: number, rule: string): string[] {
  if (instant === undefined) return [];
  const at = Date.parse(instant);
  return at >= first && at <= last ? [] : [`${field}: ${rule}`];
}

/** Field problems of a declaration's times outside `OUTAGE_TIME_LIMITS`, checked before anything else. */
function declarationRangeProblems(request: DeclareOutageRequest, now: Date): string[] {
  const { plannedAheadDays, durationDays } = OUTAGE_TIME_LIMITS;
  const t = now.getTime();
  const windowStart = request.window ? Date.parse(request.window.start) : undefined;
  const problems = request.window
    ? [
        ...outOfRange('window.start', request.window.start, t - DAY_MS, t + plannedAheadDays * DAY_MS, `must be at most ${plannedAheadDays} days ahead`),
        ...outOfRange('window.end', request.window.end, Number.NEGATIVE_INFINITY, (windowStart ?? t) + durationDays * DAY_MS, `must be at most ${durationDays} days after window.start`),
      ]
    : [];
  const start = request.kind === 'planned' && windowStart !== undefined && problems.length === 0 ? windowStart : t;
  return [...problems, ...outOfRange('etr', request.etr, Number.NEGATIVE_INFINITY, start + durationDays * DAY_MS, `must be at most ${durationDays} days after the outage starts`)];
}

export interface OutageCommandResult {
  readonly outage: Outage;
  /** False when the request repeated what is already recorded: nothing was written or announced. */
  readonly changed: boolean;
  /** The notice plan this change started, if any. */
  readonly plan?: string;
}

/**
 * Declares an outage.
 *
 * Primary course:
 * 1. A planned outage has a window starting at least 7 days from now; an unplanned one starts now and needs an ETR.
 * 2. At least one area or feeder; the ETR is after now (and after the window starts); times beyond
 *    `OUTAGE_TIME_LIMITS` (a window over a year ahead, an ETR in 2099) are a 400 naming the field.
 * 3. The outage is written once: the same id again with the same facts changes nothing; with other facts it is a conflict.
 * 4. The initial notices are planned (a repeated declaration asks again; the planner finds that plan done).
 *
 * @example
 * const { outage, changed } = await declareOutage(request, deps);
 */
export async function declareOutage(request: DeclareOutageRequest, deps: OutageCommandDeps): Promise<OutageCommandResult> {
  const now = deps.now();
  const outOfRangeProblems = declarationRangeProblems(request, now);
  if (outOfRangeProblems.length > 0) throw new MalformedOutageRequestError('Outage times out of range', outOfRangeProblems);
  const outage = outageFromRequest(request, now);
  const job: PlanningJob = { outageId: outage.outageId, plan: 'initial', revision: 0 };
  if (await deps.store.create(outage)) {
    await deps.planning.enqueue(job);
    return { outage, changed: true, plan: planKey(job) };
  }
  const existing = await deps.store.get(outage.outageId);
  if (!existing) throw new OutageConflictError(`Outage ${outage.outageId} could not be written; try again`);
  if (!sameDeclaration(existing, outage)) {
    throw new OutageConflictError(`Outage ${outage.outageId} is already declared with other facts; change its ETR with PUT /outages/${outage.outageId}/etr or restore it`);
  }
  // A retried declaration whose first attempt wrote the outage but failed to enqueue still gets its notices.
  await deps.planning.enqueue(job);
  return { outage: existing, changed: false };
}

/**
 * Moves the ETR.
 *
 * Primary course:
 * 1. A restored outage keeps its ETR (conflict); the same ETR again changes nothing.
 * 2. The new ETR is recorded (intake tells reporters the new one at once).
 * 3. If it is at least the threshold away from the ETR last announced, it becomes the announced one
 *    and one update per customer is planned; a small wobble is not announced.
 */
export async function updateOutageEtr(outageId: string, request: UpdateEtrRequest, deps: OutageCommandDeps): Promise<OutageCommandResult> {
  const now = deps.now().getTime();
  const around = OUTAGE_TIME_LIMITS.aroundNowDays * DAY_MS;
  const problems = outOfRange('etr', request.etr, now - around, now + around, `must be within ${OUTAGE_TIME_LIMITS.aroundNowDays} days of now`);
  if (problems.length > 0) throw new MalformedOutageRequestError('ETR out of range', problems);
  const etr = new Date(request.etr).toISOString();
  for (let attempt = 0; attempt < CONCURRENT_CHANGE_ATTEMPTS; attempt++) {
    const outage = await deps.store.get(outageId);
    if (!outage) throw new OutageNotFoundError(outageId);
    if (outage.status !== 'active') throw new OutageConflictError(`Outage ${outageId} is restored; its ETR no longer changes`);
    if (Date.parse(outage.etr) === Date.parse(etr)) return { outage, changed: false };
    const announced = outage.announcedEtr ?? outage.etr;
    const revision = outage.etrRevision ?? 0;
    const announce = Math.abs(Date.parse(etr) - Date.parse(announced)) >= deps.etrChangeThresholdMinutes * 60_000;
    const next = announce ? { etr, announcedEtr: etr, etrRevision: revision + 1 } : { etr, announcedEtr: announced, etrRevision: revision };
    if (!(await deps.store.changeEtr(outageId, { etr: outage.etr, etrRevision: outage.etrRevision }, next))) continue;
    const updated: Outage = { ...outage, ...next };
    if (!announce) return { outage: updated, changed: true };
    const job: PlanningJob = { outageId, plan: 'etr_changed', revision: next.etrRevision };
    await deps.planning.enqueue(job);
    return { outage: updated, changed: true, plan: planKey(job) };
  }
  throw new OutageConflictError(`Outage ${outageId} changed under this request ${CONCURRENT_CHANGE_ATTEMPTS} times; try again`);
}

/**
 * Restores an outage: off the active index (intake stops attaching reports),
 * and one restoration notice per affected customer and reporter is planned.
 * Restoring again changes nothing.
 */
export async function restoreOutage(outageId: string, request: RestoreOutageRequest, deps: OutageCommandDeps): Promise<OutageCommandResult> {
  const now = deps.now();
  const around = OUTAGE_TIME_LIMITS.aroundNowDays * DAY_MS;
  const problems = outOfRange('restoredAt', request.restoredAt, now.getTime() - around, Number.POSITIVE_INFINITY, `must be within the last ${OUTAGE_TIME_LIMITS.aroundNowDays} days`);
  if (problems.length > 0) throw new MalformedOutageRequestError('Restoration time out of range', problems);
  const restoredAt = request.restoredAt ? new Date(request.restoredAt).toISOString() : now.toISOString();
  const job: PlanningJob = { outageId, plan: 'restored', revision: 0 };
  const outage = await deps.store.get(outageId);
  if (!outage) throw new OutageNotFoundError(outageId);
  if (outage.status === 'restored') {
    await deps.planning.enqueue(job);
    return { outage, changed: false };
  }
  if (Date.parse(restoredAt) > now.getTime() + 60_000) throw new OutageValidationError('Invalid restoration', ['restoredAt: must not be in the future']);
  if (!(await deps.store.restore(outageId, restoredAt))) {
    const current = await deps.store.get(outageId);
    if (current?.status !== 'restored') throw new OutageConflictError(`Outage ${outageId} could not be restored; try again`);
    return { outage: current, changed: false };
  }
  await deps.planning.enqueue(job);
  return { outage: { ...outage, status: 'restored', restoredAt }, changed: true, plan: planKey(job) };
}

export interface OutageDescription {
  readonly outage: Outage;
  readonly reports: number;
  /** Per plan (`initial`, `etr_changed-r1`, `restored`): notices written, suppressed, and whether planning finished. */
  readonly notices: readonly PlanSummary[];
}

export async function describeOutage(outageId: string, deps: Pick<OutageCommandDeps, 'store'>): Promise<OutageDescription> {
  const outage = await deps.store.get(outageId);
  if (!outage) throw new OutageNotFoundError(outageId);
  const [reports, notices] = await Promise.all([deps.store.reportCount(outageId), deps.store.plans(outageId)]);
  return { outage, reports, notices };
}

function outageFromRequest(request: DeclareOutageRequest, now: Date): Outage {
  const problems: string[] = [];
  const areas = unique(request.areas);
  const feeders = unique(request.feeders);
  if (areas.length === 0 && feeders.length === 0) problems.push('areas, feeders: name at least one affected area or feeder');
  let etr = request.etr;
  if (request.kind === 'planned') {
    if (!request.window) {
      problems.push('window: a planned outage needs its window { start, end }');
    } else {
      const start = Date.parse(request.window.start);
      const end = Date.parse(request.window.end);
      if (start < now.getTime() + PLANNED_NOTICE_DAYS * DAY_MS) {
        problems.push(`window.start: a planned outage is declared at least ${PLANNED_NOTICE_DAYS} days ahead (earliest ${new Date(now.getTime() + PLANNED_NOTICE_DAYS * DAY_MS).toISOString()}); declare it as unplanned if it cannot wait`);
      }
      if (end <= start) problems.push('window.end: must be after window.start');
      etr ??= request.window.end;
      if (Date.parse(etr) <= start) problems.push('etr: must be after window.start');
    }
  } else {
    if (request.window) problems.push('window: only planned outages have a window');
    if (!etr) problems.push('etr: an unplanned outage needs an estimated restoration time');
    else if (Date.parse(etr) <= now.getTime()) problems.push('etr: must be in the future');
  }
  if (problems.length > 0 || !etr) throw new OutageValidationError('Invalid outage declaration', problems);
  const etrIso = new Date(etr).toISOString();
  return {
    outageId: request.outageId,
    kind: request.kind,
    areas,
    feeders,
    cause: request.cause,
    etr: etrIso,
    declaredAt: now.toISOString(),
    status: 'active',
    ...(request.window ? { window: { start: new Date(request.window.start).toISOString(), end: new Date(request.window.end).toISOString() } } : {}),
    announcedEtr: etrIso,
    etrRevision: 0,
  };
}

/** Same facts as declared, ignoring when (a retry comes later) and what changed since (ETR moves, restoration). */
function sameDeclaration(existing: Outage, requested: Outage): boolean {
  const facts = (o: Outage) => JSON.stringify([o.kind, [...o.areas].sort(), [...o.feeders].sort(), o.cause['zh-CN'], o.cause.en, o.window?.start, o.window?.end]);
  return facts(existing) === facts(requested);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * What grid operations decides about a suspected outage (issue 13), through
 * the outage API: confirm it (a declared outage with cause and ETR; notices
 * follow as for any outage), merge it into a declared one, or reject it (its
 * reports become individual tickets again, clocks from their original times).
 * Storm mode (a lower threshold) is switched here too.
 */
import { MalformedOutageRequestError, OutageConflictError, OutageNotFoundError } from './errors';
import type { Outage, SuspicionDecision } from './outage';
import { OUTAGE_TIME_LIMITS, type OutageCommandDeps, type OutageCommandResult } from './outage-commands';
import { planKey, type PlanningJob } from './ports';
import type { StormMode } from './suspicion';

/** A report item of an outage, as the decisions need it. */
export interface AttachedReport {
  readonly contactKey: string;
  readonly accountNumber?: string;
  /** Set when the report had its own ticket (or got one on rejection). */
  readonly ticketId?: string;
  /** Its ticket was closed into the suspicion (and its order withdrawn): a rejection reopens them. */
  readonly ticketMerged?: boolean;
  readonly reopenedAsTicket?: boolean;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface SuspicionStore {
  get(outageId: string): Promise<Outage | undefined>;
  /** Makes a suspected outage a declared one, if it is still suspected; false otherwise. */
  confirm(outageId: string, facts: Pick<Outage, 'cause' | 'etr' | 'feeders' | 'areas'> & { readonly at: string }): Promise<boolean>;
  /** Ends a suspicion (off the active index), if it is still suspected; false otherwise. */
  end(outageId: string, status: 'merged' | 'rejected', decision: SuspicionDecision): Promise<boolean>;
  /** Replaces the decision's record (the rejection's counts once its tickets are made). */
  recordDecision(outageId: string, decision: SuspicionDecision): Promise<void>;
  reports(outageId: string): Promise<AttachedReport[]>;
  /** Copies report items to another outage (restoration notices and callbacks find them there). */
  copyReports(into: string, reports: readonly AttachedReport[]): Promise<void>;
  /** Reopens a ticket closed into the suspicion and puts its order back in the department's inbox; false if it was not closed into it. */
  reopenMergedTicket(outageId: string, report: AttachedReport): Promise<boolean>;
  stormMode(): Promise<StormMode | undefined>;
  setStormMode(mode: StormMode): Promise<void>;
}

export interface SuspicionCommandDeps extends Pick<OutageCommandDeps, 'planning' | 'now'> {
  readonly suspicions: SuspicionStore;
  /** Intake's `reopenReportAsTicket`: a report without a ticket of its own gets one. */
  readonly reopenAsTicket: (report: { outageId: string; contactKey: string; accountNumber?: string }) => Promise<string | undefined>;
  /**
   * Waits, after a merge or rejection ended the suspicion, until no intake container can still join a
   * report to it (`SUSPICION_SETTLE_MS`: its cached registry trusts a suspicion for a second), so the
   * reports read next include those. None in tests that decide with no intake running.
   */
  readonly settle?: () => Promise<void>;
}

export interface ConfirmRequest {
  readonly cause: Outage['cause'];
  readonly etr: string;
  /** What grid operations knows is off; default: the suspicion's feeder (its customers get the notices). */
  readonly feeders?: readonly string[];
  readonly areas?: readonly string[];
}

const DAY_MS = 86_400_000;
const REJECT_CONCURRENCY = 8;

async function suspected(outageId: string, deps: Pick<SuspicionCommandDeps, 'suspicions'>): Promise<Outage> {
  const outage = await deps.suspicions.get(outageId);
  if (!outage || !outage.suspicion) throw new OutageNotFoundError(outageId);
  return outage;
}

/**
 * Confirms a suspected outage.
 *
 * Primary course:
 * 1. The ETR lies after now and within `OUTAGE_TIME_LIMITS.durationDays`.
 * 2. The suspicion becomes an active unplanned outage with that cause, ETR and extent (default its feeder);
 *    intake then attaches every report on that extent to it, as for any declared outage.
 * 3. The initial notices are planned. Confirming again changes nothing; a rejected or merged one is a conflict.
 *
 * @example
 * await confirmSuspicion('SUSPECT-HZ-XIHU-F02-T01-202611230200', { cause, etr }, deps);
 */
export async function confirmSuspicion(outageId: string, request: ConfirmRequest, deps: SuspicionCommandDeps): Promise<OutageCommandResult> {
  const now = deps.now();
  const etrAt = Date.parse(request.etr);
  if (!(etrAt > now.getTime())) throw new MalformedOutageRequestError('Invalid confirmation', ['etr: must be in the future']);
  if (etrAt > now.getTime() + OUTAGE_TIME_LIMITS.durationDays * DAY_MS) {
    throw new MalformedOutageRequestError('ETR out of range', [`etr: must be at most ${OUTAGE_TIME_LIMITS.durationDays} days after the outage starts`]);
  }
  const outage = await suspected(outageId, deps);
  const job: PlanningJob = { outageId, plan: 'initial', revision: 0 };
  if (outage.status !== 'suspected') {
    if (outage.decision?.action === 'confirmed') return { outage, changed: false };
    throw new OutageConflictError(`Suspected outage ${outageId} was ${outage.decision?.action ?? outage.status}; it can no longer be confirmed`);
  }
  const feeders = unique(request.feeders ?? []);
  const areas = unique(request.areas ?? []);
  const facts = {
    cause: request.cause,
    etr: new Date(etrAt).toISOString(),
    feeders: feeders.length > 0 || areas.length > 0 ? feeders : [outage.suspicion!.feeder],
    // A suspicion's area is where it was seen, not what is off: a whole area only when grid operations names it.
    areas,
    at: now.toISOString(),
  };
  if (!(await deps.suspicions.confirm(outageId, facts))) return confirmSuspicion(outageId, request, deps);
  await deps.planning.enqueue(job);
  const { at, ...declared } = facts;
  return { outage: { ...outage, ...declared, status: 'active', decision: { action: 'confirmed', at } }, changed: true, plan: planKey(job) };
}

/**
 * Merges a suspected outage into a declared one: its reports are copied to
 * that outage (its restoration notices reach them) and reports still arriving
 * under the suspicion's transformers attach there.
 *
 * @example
 * await mergeSuspicion('SUSPECT-HZ-XIHU-F02-T01-202611230200', { into: 'OUT-20261123-01' }, deps);
 */
export async function mergeSuspicion(outageId: string, request: { into: string }, deps: SuspicionCommandDeps): Promise<OutageCommandResult> {
  const outage = await suspected(outageId, deps);
  if (outage.status !== 'suspected') {
    if (outage.decision?.action === 'merged' && outage.decision.into === request.into) {
      await deps.suspicions.copyReports(request.into, await deps.suspicions.reports(outageId));
      return { outage, changed: false };
    }
    throw new OutageConflictError(`Suspected outage ${outageId} was ${outage.decision?.action ?? outage.status}; it can no longer be merged`);
  }
  const into = await deps.suspicions.get(request.into);
  if (!into) throw new OutageNotFoundError(request.into);
  if (into.status !== 'active') throw new OutageConflictError(`Outage ${request.into} is ${into.status}; merge into an active declared outage`);
  const decision: SuspicionDecision = { action: 'merged', at: deps.now().toISOString(), into: request.into };
  // Ended first: from here the cluster watch sends late reports to the declared outage, so the copy below is complete.
  if (!(await deps.suspicions.end(outageId, 'merged', decision))) return mergeSuspicion(outageId, request, deps);
  await deps.settle?.();
  await deps.suspicions.copyReports(request.into, await deps.suspicions.reports(outageId));
  return { outage: { ...outage, status: 'merged', decision }, changed: true };
}

/**
 * Rejects a suspected outage: it leaves the active index (intake stops
 * attaching to it within a second, `settle` waits that out), tickets closed into it are reopened with their work
 * orders, and reports that joined it without a ticket each get one, clocks
 * from when the customer reported. Rejecting again finishes what an earlier
 * attempt left undone and counts again.
 *
 * @example
 * const { outage } = await rejectSuspicion('SUSPECT-HZ-XIHU-F02-T01-202611230200', { reason: 'separate faults' }, deps);
 */
export async function rejectSuspicion(outageId: string, request: { reason?: string }, deps: SuspicionCommandDeps): Promise<OutageCommandResult> {
  const outage = await suspected(outageId, deps);
  const at = deps.now().toISOString();
  let changed = false;
  if (outage.status === 'suspected') {
    const decision: SuspicionDecision = { action: 'rejected', at, ...(request.reason ? { reason: request.reason } : {}), ticketsReopened: 0, ticketsOpened: 0 };
    if (!(await deps.suspicions.end(outageId, 'rejected', decision))) return rejectSuspicion(outageId, request, deps);
    changed = true;
    // Reports a warm container joined just before it saw the end are read below with the others.
    await deps.settle?.();
  } else if (outage.decision?.action !== 'rejected') {
    throw new OutageConflictError(`Suspected outage ${outageId} was ${outage.decision?.action ?? outage.status}; it can no longer be rejected`);
  }
  const reports = await deps.suspicions.reports(outageId);
  let ticketsReopened = 0;
  let ticketsOpened = 0;
  const queue = [...reports];
  await Promise.all(
    Array.from({ length: REJECT_CONCURRENCY }, async () => {
      for (let report = queue.shift(); report; report = queue.shift()) {
        if (report.ticketId) {
          // The repair ticket was never closed; reopened tickets count once (a repeat finds them open).
          if (report.ticketMerged && (await deps.suspicions.reopenMergedTicket(outageId, report))) ticketsReopened++;
        } else if (await deps.reopenAsTicket({ outageId, contactKey: report.contactKey, ...(report.accountNumber ? { accountNumber: report.accountNumber } : {}) })) {
          ticketsOpened++;
        }
      }
    }),
  );
  const previous = outage.decision?.action === 'rejected' ? outage.decision : undefined;
  const decision: SuspicionDecision = {
    action: 'rejected',
    at: previous?.at ?? at,
    ...(request.reason || previous?.reason ? { reason: request.reason ?? previous?.reason } : {}),
    ticketsReopened: (previous?.ticketsReopened ?? 0) + ticketsReopened,
    ticketsOpened: (previous?.ticketsOpened ?? 0) + ticketsOpened,
  };
  await deps.suspicions.recordDecision(outageId, decision);
  return { outage: { ...outage, status: 'rejected', decision }, changed };
}

/**
 * Switches storm mode: while on, the lower threshold opens suspicions.
 *
 * @example
 * await setStormMode({ on: true, threshold: 2 }, deps);
 */
export async function setStormMode(request: { on: boolean; threshold?: number }, deps: Pick<SuspicionCommandDeps, 'suspicions' | 'now'>): Promise<StormMode> {
  const mode: StormMode = { on: request.on, ...(request.threshold !== undefined ? { threshold: request.threshold } : {}), changedAt: deps.now().toISOString() };
  await deps.suspicions.setStormMode(mode);
  return mode;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

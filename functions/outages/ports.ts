import type { Outage } from './outage';

/** Which notices a planning job writes: one plan per kind, and one per announced ETR revision. */
export type NoticePlanKind = 'initial' | 'etr_changed' | 'restored';

export interface PlanningJob {
  readonly outageId: string;
  readonly plan: NoticePlanKind;
  /** The ETR revision announced (etr_changed), else 0. */
  readonly revision: number;
}

/** `initial`, `etr_changed-r2`, `restored`: the plan's key in the outage partition and in notice ids. */
export function planKey(job: Pick<PlanningJob, 'plan' | 'revision'>): string {
  return job.plan === 'etr_changed' ? `etr_changed-r${job.revision}` : job.plan;
}

/** Progress and counts of one plan (the planner writes it after each page). */
export interface PlanSummary {
  readonly planKey: string;
  readonly completed: boolean;
  /** Notice items written (pending and suppressed). */
  readonly written: number;
  /** Of those, not to be sent (number on the opt-out ledger). */
  readonly suppressed: number;
}

export interface OutageStore {
  get(outageId: string): Promise<Outage | undefined>;
  /** Writes a new outage; false (and nothing written) when the id exists. */
  create(outage: Outage): Promise<boolean>;
  /** Replaces the ETR fields if the stored ETR and revision are still `expected`; false otherwise. */
  changeEtr(outageId: string, expected: Pick<Outage, 'etr' | 'etrRevision'>, next: Required<Pick<Outage, 'etr' | 'announcedEtr' | 'etrRevision'>>): Promise<boolean>;
  /** Marks it restored and takes it off the active index, if it is active; false otherwise. */
  restore(outageId: string, restoredAt: string): Promise<boolean>;
  plans(outageId: string): Promise<PlanSummary[]>;
  reportCount(outageId: string): Promise<number>;
}

/** Hands a planning job to the planner (SQS in AWS, in-process locally): fan-out never runs in the API request. */
export interface PlanningQueue {
  enqueue(job: PlanningJob): Promise<void>;
}

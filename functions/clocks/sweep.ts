/**
 * The sweep (issue 11, step 3): the safety net under the one-time schedules.
 * Primary course: for each department, read its inbox by due instant (gsi1,
 * earliest first) up to the clocks whose first look should have happened a
 * grace period ago; a clock whose look is that overdue (never chased and past
 * its warning margin, or chased and past the next look sla-watch scheduled)
 * lost its schedule: send it to sla-watch, which re-reads and decides.
 */
import { clocksOf, firstCheckAt, scheduleName, type Clock, type ClockPolicy } from './clock';
import type { ChaseStore, DueOrders, WatchQueue } from './ports';

export interface SweepDeps {
  readonly orders: DueOrders;
  readonly chases: Pick<ChaseStore, 'states'>;
  readonly watch: WatchQueue;
  readonly departments: readonly string[];
  readonly policy: ClockPolicy;
  /** A look this late is lost, not merely on its way (Scheduler fires within a minute; the queue may lag). */
  readonly graceMinutes: number;
  readonly now: () => Date;
}

export const DEFAULT_SWEEP_GRACE_MINUTES = 5;

/**
 * Finds the clocks whose look is lost and sends them to sla-watch.
 *
 * @example
 * const { sent } = await sweepClocks(deps); // [{ orderId, milestone, dueAt, checkAt }]
 */
export async function sweepClocks(deps: SweepDeps): Promise<{ readonly looked: number; readonly sent: readonly (Clock & { checkAt: string })[] }> {
  const now = deps.now();
  const graceMs = deps.graceMinutes * 60_000;
  // A clock's first look is `warningMinutes` before it is due: lost once that is more than the grace ago.
  const dueBefore = new Date(now.getTime() + deps.policy.warningMinutes * 60_000 - graceMs);
  let looked = 0;
  const sent: (Clock & { checkAt: string })[] = [];
  for (const departmentId of deps.departments) {
    const candidates: Clock[] = [];
    for await (const order of deps.orders.dueBefore(departmentId, dueBefore)) {
      for (const clock of clocksOf(order)) if (firstCheckAt(clock, deps.policy).getTime() + graceMs < now.getTime()) candidates.push(clock);
    }
    looked += candidates.length;
    if (candidates.length === 0) continue;
    const states = await deps.chases.states(candidates);
    const lost = candidates.filter((clock) => {
      const state = states.get(scheduleName(clock));
      return !state || Date.parse(state.nextCheckAt) + graceMs < now.getTime();
    });
    const messages = lost.map((clock) => ({ ...clock, checkAt: now.toISOString() }));
    if (messages.length > 0) await deps.watch.send(messages);
    sent.push(...messages);
  }
  return { looked, sent };
}

/**
 * sla-watch (issue 11, step 3): a clock fired (its schedule, or the sweep).
 * Primary course: re-read the order (DynamoDB is the truth); a milestone met,
 * settled or moved means nothing; before the warning margin, look again at
 * it; inside the margin or late, chase once per look (the chase, the clock's
 * state, the timeline line and the duty contact's text in one conditional
 * transaction) and schedule the next look after the repeat interval. The
 * same firing delivered twice finds the state moved on and chases nothing.
 */
import type { Department, RoutingConfig } from '../workorders/routing';
import { departmentById } from '../workorders/routing';
import { planChase, type Chase } from './chase';
import { clockVerdict, CUSTOMER_REPLY, dueInstantOf, type Clock, type ClockPolicy } from './clock';
import { UnknownDepartmentError } from './errors';
import type { ChaseStore, LookScheduler, OrderReader } from './ports';

export interface SlaWatchDeps {
  readonly orders: OrderReader;
  readonly chases: ChaseStore;
  readonly looks: LookScheduler;
  readonly routing: RoutingConfig;
  readonly policy: ClockPolicy;
  readonly timeZone: string;
  readonly now: () => Date;
}

export type WatchOutcome =
  | { readonly kind: 'met' | 'moved' }
  | { readonly kind: 'not_yet'; readonly checkAt: string }
  | { readonly kind: 'duplicate'; readonly nextCheckAt: string }
  | { readonly kind: 'chased'; readonly chase: Chase };

/**
 * Looks at one clock at `deps.now()`.
 *
 * @example
 * const outcome = await watchClock({ orderId: '202612-0001-0001.1', milestone: 'crewOnSite', dueAt: '2026-12-01T02:45:00.000Z' }, deps);
 * // { kind: 'chased', chase: { n: 1, verdict: 'late', ... } }
 */
export async function watchClock(clock: Clock, deps: SlaWatchDeps): Promise<WatchOutcome> {
  const now = deps.now();
  const order = await deps.orders.get(clock.orderId);
  const current = order ? dueInstantOf(order, clock.milestone) : undefined;
  if (!order || current === undefined) return { kind: 'met' };
  // A moved milestone has its own schedule (the clock keeper names them by instant); this one is stale.
  if (current !== clock.dueAt) return { kind: 'moved' };
  const department: Department | undefined = departmentById(deps.routing, order.departmentId);
  if (!department) throw new UnknownDepartmentError(order.departmentId);

  const verdict = clockVerdict(order, clock.milestone, now, department, deps.policy, deps.timeZone);
  if (verdict.kind === 'met') return { kind: 'met' };
  // The centre's reply is met when its text has gone (the order does not change when it does).
  if (clock.milestone === CUSTOMER_REPLY && order.reply && (await deps.chases.replySent(order.reply.noticeId))) return { kind: 'met' };
  if (verdict.kind === 'not_yet') {
    await deps.looks.lookAt(clock, verdict.checkAt);
    return { kind: 'not_yet', checkAt: verdict.checkAt.toISOString() };
  }

  const previous = await deps.chases.state(clock);
  if (previous && Date.parse(previous.nextCheckAt) > now.getTime()) {
    // Already chased for this look: make sure the next one is scheduled (a crash may have come between) and stop.
    await deps.looks.lookAt(clock, new Date(previous.nextCheckAt));
    return { kind: 'duplicate', nextCheckAt: previous.nextCheckAt };
  }
  const plan = planChase({ order, clock, department, previous, verdict: verdict.kind, sendAt: verdict.chaseAt, nextCheckAt: verdict.nextCheckAt, now, timeZone: deps.timeZone });
  if ((await deps.chases.record(previous, plan)) === 'duplicate') {
    const raced = await deps.chases.state(clock);
    return { kind: 'duplicate', nextCheckAt: raced?.nextCheckAt ?? plan.state.nextCheckAt };
  }
  await deps.looks.lookAt(clock, verdict.nextCheckAt);
  return { kind: 'chased', chase: plan.chase };
}

/**
 * The callback planner (issue 15). Primary course, for each change the
 * table stream brings:
 * - a fault order restored: its reporter; a complaint or service
 *   application answered, a report's result: its reporter (a report's only
 *   if they left a number), due within one working day of the result;
 * - an outage restored: at least 5% of its reporters, spread over its
 *   feeders and transformers (sample.ts);
 * - each planned into the customer's first legal window (windows.ts), written
 *   once per customer per ticket (a conditional put on a derived id);
 * - a callback waiting for its try: one Connect task, scheduled into its
 *   window, paced; the callback records the task.
 */
import type { Outage } from '../outages/outage';
import type { WorkingCalendar, CalendarSource } from '../tickets/calendar';
import type { WorkOrder } from '../workorders/work-order';
import { MAX_CALLBACK_ATTEMPTS, WHAT_TO_ASK, newCallback, type Callback, type CallbackCustomer, type CallbackReason } from './callback';
import type { CallbackDirectory, CallbackStore, CallbackTask, TaskSender } from './ports';
import { sampleReporters } from './sample';
import { callbackWindow, type CallbackWindowsConfig } from './windows';

/** What a table change is, for the planner. */
export type CallbackTrigger = { readonly kind: 'order'; readonly order: WorkOrder } | { readonly kind: 'outage'; readonly outage: Outage } | { readonly kind: 'callback'; readonly callback: Callback };

export interface CallbackPlannerDeps {
  readonly store: CallbackStore;
  readonly directory: CallbackDirectory;
  readonly tasks: TaskSender;
  readonly calendar: CalendarSource;
  readonly windows: CallbackWindowsConfig;
  readonly now: () => Date;
  /** A callback's id from its source and customer (an HMAC under the stage key: no personal data in Connect). */
  readonly callbackIdOf: (sourceAndCustomer: string) => string;
}

/** Connect schedules a task at most 6 days ahead. */
export const MAX_TASK_SCHEDULE_MS = 6 * 86_400_000;

/**
 * What the change asks of the planner: callbacks written (new ones only) or a task started.
 *
 * @example
 * await handleCallbackTrigger({ kind: 'outage', outage }, deps); // { planned: 15, tasks: 0 }
 */
export async function handleCallbackTrigger(trigger: CallbackTrigger, deps: CallbackPlannerDeps): Promise<{ planned: number; tasks: number }> {
  switch (trigger.kind) {
    case 'order':
      return { planned: (await planOrderCallback(trigger.order, deps)).length, tasks: 0 };
    case 'outage':
      return { planned: (await planOutageCallbacks(trigger.outage, deps)).length, tasks: 0 };
    case 'callback':
      return { planned: 0, tasks: (await startCallbackTask(trigger.callback, deps)) ? 1 : 0 };
  }
}

/** Which result of an order owes a callback, and when it came. */
function orderResult(order: WorkOrder): { reason: CallbackReason; at: string; dueInOneWorkingDay: boolean } | undefined {
  const recorded = (action: 'restore' | 'answer' | 'result', field: string) => {
    const values = order.record[action];
    const at = values?.[field] ?? values?.recordedAt;
    return typeof at === 'string' ? at : undefined;
  };
  if (order.ticketType === 'fault_report' && order.state === 'restored') {
    const at = recorded('restore', 'restoredAt');
    return at ? { reason: 'fault_repair', at, dueInOneWorkingDay: false } : undefined;
  }
  if (order.ticketType === 'complaint' && order.state === 'answered') {
    const at = recorded('answer', 'recordedAt');
    return at ? { reason: 'complaint_result', at, dueInOneWorkingDay: true } : undefined;
  }
  if (order.ticketType === 'service_application' && order.state === 'answered') {
    const at = recorded('answer', 'recordedAt');
    return at ? { reason: 'service_completed', at, dueInOneWorkingDay: true } : undefined;
  }
  if (order.ticketType === 'whistleblowing_report' && order.state === 'result_reported') {
    const at = recorded('result', 'recordedAt');
    return at ? { reason: 'report_result', at, dueInOneWorkingDay: true } : undefined;
  }
  return undefined;
}

/**
 * The one callback a work order's result owes its reporter (none for other
 * changes, or for a reporter who left no number).
 *
 * @example
 * await planOrderCallback(restoredFaultOrder, deps); // [callback] the first time, [] after
 */
export async function planOrderCallback(order: WorkOrder, deps: CallbackPlannerDeps): Promise<Callback[]> {
  const result = orderResult(order);
  if (!result) return [];
  const customer: CallbackCustomer | undefined = order.confidential ? await deps.directory.ticketReporter(order.ticketId) : order.reporter && { ...order.reporter };
  if (!customer) return [];
  const calendar = await deps.calendar.current();
  const now = deps.now();
  const resultAt = new Date(result.at);
  const dueBy = result.dueInOneWorkingDay ? calendar.addWorkingDays(resultAt, 1) : undefined;
  const callback = newCallback({
    callbackId: deps.callbackIdOf(`ticket#${order.ticketId}#${customer.accountNumber ?? customer.phone}`),
    reason: result.reason,
    ticketNumber: order.ticketId,
    source: { kind: 'ticket', id: order.ticketId },
    ticketType: order.ticketType,
    confidential: order.confidential,
    customer,
    resultAt,
    ...(dueBy ? { dueBy } : {}),
    window: windowFor(customer, resultAt, now, calendar, deps.windows, result.reason === 'fault_repair'),
    now,
  });
  return deps.store.createNew([callback]);
}

/**
 * At least 5% of a restored outage's reachable reporters, spread over its
 * feeders and transformers; the same customers however often it runs.
 *
 * @example
 * await planOutageCallbacks(restoredOutage, deps); // 15 of 300 reporters
 */
export async function planOutageCallbacks(outage: Outage, deps: CallbackPlannerDeps): Promise<Callback[]> {
  if (outage.status !== 'restored' || !outage.restoredAt) return [];
  const reporters = await deps.directory.outageReporters(outage.outageId);
  const profiles = await deps.directory.profiles([...new Set(reporters.flatMap((r) => (r.accountNumber ? [r.accountNumber] : [])))]);
  // One candidate per customer (an account, else a number), and only those who can be called.
  const candidates = new Map<string, CallbackCustomer & { key: string }>();
  for (const reporter of reporters) {
    const profile = reporter.accountNumber ? profiles.get(reporter.accountNumber) : undefined;
    const senderPhone = reporter.sender.startsWith('PHONE#') ? reporter.sender.slice('PHONE#'.length) : undefined;
    const phone = senderPhone ?? profile?.phones[0];
    if (!phone) continue;
    const key = reporter.accountNumber ?? `PHONE#${phone}`;
    if (candidates.has(key)) continue;
    candidates.set(key, {
      key,
      phone,
      language: reporter.language ?? profile?.language ?? 'zh-CN',
      customerType: profile?.customerType ?? 'residential',
      important: profile?.important ?? false,
      ...(reporter.accountNumber ? { accountNumber: reporter.accountNumber } : {}),
      ...(profile ? { feeder: profile.feeder, ...(profile.transformer ? { transformer: profile.transformer } : {}) } : {}),
    });
  }
  const picked = sampleReporters(outage.outageId, [...candidates.values()]);
  const calendar = await deps.calendar.current();
  const now = deps.now();
  const resultAt = new Date(outage.restoredAt);
  const callbacks = picked.map(({ key, ...customer }) =>
    newCallback({
      callbackId: deps.callbackIdOf(`outage#${outage.outageId}#${key}`),
      reason: 'outage_restored',
      ticketNumber: outage.outageId,
      source: { kind: 'outage', id: outage.outageId },
      confidential: false,
      customer,
      resultAt,
      window: windowFor(customer, resultAt, now, calendar, deps.windows, true),
      now,
    }),
  );
  return deps.store.createNew(callbacks);
}

function windowFor(customer: CallbackCustomer, resultAt: Date, now: Date, calendar: WorkingCalendar, windows: CallbackWindowsConfig, afterRepair: boolean) {
  const earliest = new Date(Math.max(now.getTime(), resultAt.getTime()));
  return callbackWindow(customer.customerType, earliest, calendar, windows, afterRepair ? { finishedAt: resultAt } : {});
}

/**
 * The Connect task for the callback's next try: scheduled at its window's
 * start (now if that has come; Connect takes at most six days ahead), with
 * the ticket number and what to ask, and no personal data.
 *
 * @example
 * callbackTask(callback, new Date()).attributes; // { callbackId, ticketNumber, reason, language, attempt, windowEnd }
 */
export function callbackTask(callback: Callback, now: Date): CallbackTask {
  const attempt = callback.attempts + 1;
  const start = Date.parse(callback.window.start);
  const scheduledAt = start > now.getTime() ? new Date(Math.min(start, now.getTime() + MAX_TASK_SCHEDULE_MS)) : undefined;
  const ask = WHAT_TO_ASK[callback.reason][callback.language];
  return {
    callbackId: callback.callbackId,
    attempt,
    name: `回访 Callback ${callback.ticketNumber} (${attempt}/${MAX_CALLBACK_ATTEMPTS})`,
    description: `${callback.ticketNumber}: ${ask}`,
    attributes: {
      callbackId: callback.callbackId,
      ticketNumber: callback.ticketNumber,
      reason: callback.reason,
      language: callback.language,
      attempt: String(attempt),
      windowEnd: callback.window.end,
      ...(callback.confidential ? { queue: 'discipline-office' } : {}),
    },
    ...(scheduledAt ? { scheduledAt } : {}),
    clientToken: `${callback.callbackId}-${attempt}`,
  };
}

/**
 * Starts the task of a callback waiting for its try and records it; a
 * callback already with its task, closed, or changed meanwhile is left.
 *
 * @example
 * await startCallbackTask(planned, deps); // true: the task exists and the callback says so
 */
export async function startCallbackTask(callback: Callback, deps: Pick<CallbackPlannerDeps, 'store' | 'tasks' | 'now'>): Promise<boolean> {
  if (callback.state !== 'planned' || callback.attempts >= MAX_CALLBACK_ATTEMPTS) return false;
  const task = callbackTask(callback, deps.now());
  const contactId = await deps.tasks.start(task);
  const next: Callback = { ...callback, state: 'task_created', attempts: task.attempt, ...(contactId ? { taskContactId: contactId } : {}), updatedAt: deps.now().toISOString(), version: callback.version + 1 };
  // A conflict means another worker recorded this try first; its ClientToken made the same task.
  return (await deps.store.save(callback, next)) === 'recorded';
}

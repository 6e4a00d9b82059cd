/**
 * Callbacks (DOMAIN.md, "Callbacks"): a person of the centre calls a
 * customer back after a repair, an outage's restoration, a complaint's or a
 * report's result, or a completed service application. Plain data and pure
 * rules; the planner writes them, Connect tasks carry them to agents, and
 * agents record the outcome through the ops API.
 */
import type { TicketType } from '../tickets/ticket';
import { CallbackInputError, CallbackStateError } from './errors';
import type { CallWindow, CustomerType } from './windows';

export const CALLBACK_REASONS = ['fault_repair', 'outage_restored', 'complaint_result', 'report_result', 'service_completed'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

/** `planned`: no task yet (or a retry waiting for its task); `task_created`: with an agent in Connect. */
export const CALLBACK_STATES = ['planned', 'task_created', 'reached_satisfied', 'reached_unsatisfied', 'unreachable'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

export const CALLBACK_OUTCOMES = ['reached_satisfied', 'reached_not_satisfied', 'not_reached'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** Three tries, then the customer is recorded unreachable. */
export const MAX_CALLBACK_ATTEMPTS = 3;
/** A retry is placed no sooner than this after the failed try. */
export const RETRY_AFTER_MINUTES = 60;

/** What the agent asks, by reason (the task's description; no personal data). */
export const WHAT_TO_ASK: Readonly<Record<CallbackReason, { readonly 'zh-CN': string; readonly en: string }>> = {
  fault_repair: { 'zh-CN': '抢修后回访：供电是否已恢复正常？对抢修服务是否满意？', en: 'After the repair: is the supply back to normal? Satisfied with the repair service?' },
  outage_restored: { 'zh-CN': '停电恢复后回访：供电是否已恢复正常？对停电信息和抢修是否满意？', en: 'After the outage: is the supply back to normal? Satisfied with the outage information and repair?' },
  complaint_result: { 'zh-CN': '投诉处理结果回访：告知处理结果，客户是否满意？', en: 'Complaint result: tell the customer the result; satisfied?' },
  report_result: { 'zh-CN': '举报处理结果回访（保密）：告知处理情况，举报人是否满意？', en: 'Report result (confidential): tell the reporter the outcome; satisfied?' },
  service_completed: { 'zh-CN': '业扩报装完成回访：是否已按约完成？对办理过程是否满意？', en: 'Service application completed: done as agreed? Satisfied with the process?' },
};

export interface CallbackAttempt {
  readonly attempt: number;
  readonly outcome: CallbackOutcome;
  readonly at: string;
  /** The agent's subject (never a name or number). */
  readonly by: string;
  readonly note?: string;
}

export interface Callback {
  /** `cb_` and an HMAC of source and customer under the stage key: one per customer per ticket, and no personal data in it. */
  readonly callbackId: string;
  readonly reason: CallbackReason;
  /** The ticket number the agent quotes: the ticket, or the outage id for an outage's reporters. */
  readonly ticketNumber: string;
  readonly source: { readonly kind: 'ticket' | 'outage'; readonly id: string };
  readonly ticketType?: TicketType;
  /** Whistleblowing: visible to the discipline-inspection office only. */
  readonly confidential: boolean;
  readonly phone: string;
  readonly language: 'zh-CN' | 'en';
  readonly customerType: CustomerType;
  readonly accountNumber?: string;
  readonly feeder?: string;
  readonly transformer?: string;
  readonly important: boolean;
  readonly plannedAt: string;
  /** When the result came (restoration, answer, completion): the callback is owed from here. */
  readonly resultAt: string;
  /** Complaints, reports, service applications: within one working day of the result. */
  readonly dueBy?: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly state: CallbackState;
  /** Tries started (tasks created). */
  readonly attempts: number;
  readonly history: readonly CallbackAttempt[];
  readonly taskContactId?: string;
  /** Reached and not satisfied: the reopened ticket, or the complaint opened and linked. */
  readonly followUp?: { readonly kind: 'reopened' | 'complaint'; readonly ticketId: string };
  readonly updatedAt: string;
  readonly version: number;
}

/** What planning knows of the customer to call. */
export interface CallbackCustomer {
  readonly phone: string;
  readonly language: 'zh-CN' | 'en';
  readonly customerType: CustomerType;
  readonly accountNumber?: string;
  readonly feeder?: string;
  readonly transformer?: string;
  readonly important: boolean;
}

/**
 * A new callback, planned into `window`.
 *
 * @example
 * const callback = newCallback({ callbackId, reason: 'fault_repair', ticketNumber, source, confidential: false, customer, resultAt, window, now });
 */
export function newCallback(input: {
  readonly callbackId: string;
  readonly reason: CallbackReason;
  readonly ticketNumber: string;
  readonly source: Callback['source'];
  readonly ticketType?: TicketType;
  readonly confidential: boolean;
  readonly customer: CallbackCustomer;
  readonly resultAt: Date;
  readonly dueBy?: Date;
  readonly window: CallWindow;
  readonly now: Date;
}): Callback {
  const { customer } = input;
  return {
    callbackId: input.callbackId,
    reason: input.reason,
    ticketNumber: input.ticketNumber,
    source: input.source,
    ...(input.ticketType ? { ticketType: input.ticketType } : {}),
    confidential: input.confidential,
    phone: customer.phone,
    language: customer.language,
    customerType: customer.customerType,
    ...(customer.accountNumber ? { accountNumber: customer.accountNumber } : {}),
    ...(customer.feeder ? { feeder: customer.feeder } : {}),
    ...(customer.transformer ? { transformer: customer.transformer } : {}),
    important: customer.important,
    plannedAt: input.now.toISOString(),
    resultAt: input.resultAt.toISOString(),
    ...(input.dueBy ? { dueBy: input.dueBy.toISOString() } : {}),
    window: { start: input.window.start.toISOString(), end: input.window.end.toISOString() },
    state: 'planned',
    attempts: 0,
    history: [],
    updatedAt: input.now.toISOString(),
    version: 1,
  };
}

/** Whether the callback still needs a call (the handover's "due" list, the agents' queue). */
export function isOpenCallback(callback: Pick<Callback, 'state'>): boolean {
  return callback.state === 'planned' || callback.state === 'task_created';
}

/** What an agent's outcome changes: the callback, and what happens to the ticket. */
export interface OutcomeDecision {
  readonly callback: Callback;
  /** Reached and satisfied: the ticket's callback is done. Not satisfied: reopen it, or open a linked complaint (an outage has no ticket). */
  readonly ticketEffect: 'callback_done' | 'reopen' | 'open_complaint' | 'none';
  /** Not reached, tries left: plan the next try from this instant. */
  readonly retryFrom?: Date;
}

/**
 * Decides an agent's outcome: reached and satisfied closes it; reached and
 * not satisfied closes it and sends the ticket back (or opens a complaint);
 * not reached plans another try, and the third makes it unreachable.
 * CallbackInputError names a bad field, CallbackStateError a closed callback.
 *
 * @example
 * decideOutcome(callback, { outcome: 'not_reached' }, 'agent-7', new Date());
 */
export function decideOutcome(callback: Callback, input: unknown, by: string, now: Date): OutcomeDecision {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new CallbackInputError('body', 'a JSON object is required');
  const { outcome, note } = input as { outcome?: unknown; note?: unknown };
  if (typeof outcome !== 'string' || !(CALLBACK_OUTCOMES as readonly string[]).includes(outcome)) throw new CallbackInputError('outcome', `one of ${CALLBACK_OUTCOMES.join(', ')}`);
  if (note !== undefined && (typeof note !== 'string' || note.length > 500)) throw new CallbackInputError('note', 'text of at most 500 characters');
  if (!isOpenCallback(callback)) throw new CallbackStateError(callback.state);
  const at = now.toISOString();
  const attempt = Math.max(1, callback.attempts);
  const history = [...callback.history, { attempt, outcome: outcome as CallbackOutcome, at, by, ...(note ? { note } : {}) }];
  const base = { ...callback, history, updatedAt: at, version: callback.version + 1 };
  switch (outcome as CallbackOutcome) {
    case 'reached_satisfied':
      return { callback: { ...base, state: 'reached_satisfied' }, ticketEffect: callback.source.kind === 'ticket' ? 'callback_done' : 'none' };
    case 'reached_not_satisfied':
      return { callback: { ...base, state: 'reached_unsatisfied' }, ticketEffect: callback.source.kind === 'ticket' ? 'reopen' : 'open_complaint' };
    case 'not_reached':
      if (attempt >= MAX_CALLBACK_ATTEMPTS) return { callback: { ...base, state: 'unreachable' }, ticketEffect: 'none' };
      return { callback: { ...base, state: 'planned' }, ticketEffect: 'none', retryFrom: new Date(now.getTime() + RETRY_AFTER_MINUTES * 60_000) };
  }
}

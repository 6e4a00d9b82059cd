/**
 * Work orders (DOMAIN.md, "The back office"): what a department owes the
 * centre for one ticket, and the actions it records. Pure rules: the
 * repository writes the result conditionally on the state it was decided from.
 */
import type { Notice } from '../outbound/notice';
import { wallClock } from '../tickets/calendar';
import type { Ticket, TicketStatus, TicketType } from '../tickets/ticket';
import { WorkOrderInputError, WorkOrderStateError } from './errors';

export const WORK_ORDER_STATES = ['open', 'dispatched', 'on_site', 'cause_reported', 'restored', 'answered', 'result_reported', 'sent_back'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

export const WORK_ORDER_ACTIONS = ['dispatch', 'arrive', 'cause', 'restore', 'answer', 'extend', 'result', 'send_back'] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

/** The cause report is due this long after the crew arrives. */
export const CAUSE_REPORT_MINUTES = 30;

/** Who the centre texts about the order: the reporter's number and language (never on a confidential report). */
export interface OrderReporter {
  readonly phone: string;
  readonly language: 'zh-CN' | 'en';
  readonly accountNumber?: string;
  readonly important: boolean;
  readonly customerType: 'residential' | 'business';
}

export interface WorkOrder {
  /** `<ticketId>.<n>`: the n-th order of the ticket (a re-route makes the next). */
  readonly orderId: string;
  readonly ticketId: string;
  readonly departmentId: string;
  readonly ticketType: TicketType;
  readonly state: WorkOrderState;
  readonly ticketOpenedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What the department must do by when (milestone to ISO instant): crewOnSite, causeReport, departmentAnswer, investigationResult. */
  readonly due: Readonly<Record<string, string>>;
  /** What the department owed when the order opened; a re-routed order owes the same to its new department. */
  readonly owed: Readonly<Record<string, string>>;
  /** Set on an order sent back once the centre routes the ticket on: the next order's id. */
  readonly reroutedTo?: string;
  readonly routedFrom?: string;
  /** A complaint's answer may move here, once (4 working days after it opened). */
  readonly answerLatestBy?: string;
  /**
   * The centre's reply to the customer after a query's or consultation's answer (DOMAIN.md: within 1
   * working day of it): the text that carries it, and when it is due. The centre's `customerReply`
   * clock (clocks/clock.ts) watches it after the order itself owes nothing more.
   */
  readonly reply?: { readonly noticeId: string; readonly dueBy: string };
  readonly confidential: boolean;
  readonly summary: string;
  readonly area?: string;
  readonly reporter?: OrderReporter;
  /** What the department recorded, by action; a repeat of the last action answers this unchanged. */
  readonly record: Readonly<Partial<Record<WorkOrderAction, Readonly<Record<string, string | boolean>>>>>;
  readonly lastAction?: WorkOrderAction;
  /** Increments on every change; the conditional write checks it with the state. */
  readonly version: number;
}

/** Milestones of the ticket a department owes, by type (the customer reply stays the centre's). */
const DEPARTMENT_MILESTONES: Readonly<Record<TicketType, readonly string[]>> = {
  fault_report: ['crewOnSite'],
  information_query: ['departmentAnswer'],
  consultation: ['departmentAnswer'],
  complaint: ['departmentAnswer'],
  whistleblowing_report: ['investigationResult'],
  service_application: ['supplyPlan', 'connectionLive'],
  suggestion_praise: [],
};

/**
 * The first work order of a newly opened ticket, to the routed department.
 *
 * @example
 * const order = openWorkOrder(ticket, 'repair-HZ-XIHU', 'HZ-XIHU');
 */
export function openWorkOrder(ticket: Ticket, departmentId: string, area?: string, reporter?: OrderReporter): WorkOrder {
  const due = Object.fromEntries(DEPARTMENT_MILESTONES[ticket.type].filter((m) => ticket.due[m]).map((m) => [m, ticket.due[m] as string]));
  return {
    orderId: `${ticket.ticketId}.1`,
    ticketId: ticket.ticketId,
    departmentId,
    ticketType: ticket.type,
    state: 'open',
    ticketOpenedAt: ticket.createdAt,
    createdAt: ticket.createdAt,
    updatedAt: ticket.createdAt,
    due,
    owed: due,
    ...(ticket.due.departmentAnswerLatest ? { answerLatestBy: ticket.due.departmentAnswerLatest } : {}),
    confidential: ticket.confidential,
    summary: ticket.summary,
    ...(area ? { area } : {}),
    ...(reporter ? { reporter } : {}),
    record: {},
    version: 1,
  };
}

/**
 * The ticket id of an order id.
 *
 * @example
 * ticketIdOf('202612-0001-0001.1'); // '202612-0001-0001'
 */
export function ticketIdOf(orderId: string): string | undefined {
  return /^(.+)\.\d+$/.exec(orderId)?.[1];
}

/** The next earliest instant the department owes something, for the inbox order. */
export function nextDue(order: Pick<WorkOrder, 'due'>): string | undefined {
  return Object.values(order.due).sort()[0];
}

/** What an accepted action changes: the order, the ticket's status (if it moves), and the timeline line. */
export interface ActionOutcome {
  readonly order: WorkOrder;
  readonly ticketStatus?: TicketStatus;
  readonly timelineText: string;
  /** Texts to the reporter, written to the outbox with the change (the dispatcher sends them). */
  readonly notices: readonly Notice[];
}

interface ActionRule {
  readonly types: readonly TicketType[] | 'any';
  readonly from: readonly WorkOrderState[];
  readonly to: WorkOrderState | 'same';
  readonly fields: readonly Field[];
  readonly ticketStatus?: TicketStatus;
}

type Field = { readonly name: string; readonly kind: 'text' | 'phone' | 'past_instant' | 'future_instant' | 'boolean' };

const ANSWERED_TYPES: readonly TicketType[] = ['information_query', 'consultation', 'complaint', 'service_application'];

/** The actions as data: which ticket types, from which states, to which state, with which fields. */
export const ACTION_RULES: Readonly<Record<WorkOrderAction, ActionRule>> = {
  dispatch: {
    types: ['fault_report'],
    from: ['open'],
    to: 'dispatched',
    fields: [{ name: 'crewLeader', kind: 'text' }, { name: 'phone', kind: 'phone' }, { name: 'departedAt', kind: 'past_instant' }],
    ticketStatus: 'dispatched',
  },
  arrive: { types: ['fault_report'], from: ['dispatched'], to: 'on_site', fields: [{ name: 'arrivedAt', kind: 'past_instant' }], ticketStatus: 'in_progress' },
  cause: { types: ['fault_report'], from: ['on_site'], to: 'cause_reported', fields: [{ name: 'cause', kind: 'text' }, { name: 'expectedFixAt', kind: 'future_instant' }] },
  restore: {
    types: ['fault_report'],
    from: ['on_site', 'cause_reported'],
    to: 'restored',
    fields: [{ name: 'cause', kind: 'text' }, { name: 'result', kind: 'text' }, { name: 'restoredAt', kind: 'past_instant' }],
    ticketStatus: 'resolved',
  },
  answer: { types: ANSWERED_TYPES, from: ['open'], to: 'answered', fields: [{ name: 'answer', kind: 'text' }], ticketStatus: 'in_progress' },
  extend: { types: ['complaint'], from: ['open'], to: 'same', fields: [{ name: 'reason', kind: 'text' }] },
  result: { types: ['whistleblowing_report'], from: ['open'], to: 'result_reported', fields: [{ name: 'result', kind: 'text' }, { name: 'finished', kind: 'boolean' }], ticketStatus: 'in_progress' },
  send_back: { types: 'any', from: ['open'], to: 'sent_back', fields: [{ name: 'reason', kind: 'text' }] },
};

const MAX_TEXT = 2000;
const PHONE = /^\+?[0-9][0-9 -]{5,19}$/;

/**
 * The centre routes a sent-back order on: the next order of the ticket to
 * another configured department, owing what the first owed. WorkOrderStateError
 * unless the order was sent back; WorkOrderInputError naming `department`.
 *
 * @example
 * const { previous, next } = rerouteOrder(order, 'business', ['billing', 'business'], new Date());
 */
export function rerouteOrder(order: WorkOrder, departmentId: unknown, departments: readonly string[], now: Date): { previous: WorkOrder; next: WorkOrder; timelineText: string } {
  if (order.state !== 'sent_back') throw new WorkOrderStateError('reroute', order.state);
  if (typeof departmentId !== 'string' || !departments.includes(departmentId)) throw new WorkOrderInputError('department', `one of ${departments.join(', ')}`);
  if (departmentId === order.departmentId) throw new WorkOrderInputError('department', 'the department that sent it back');
  const at = now.toISOString();
  const n = Number(/\.(\d+)$/.exec(order.orderId)?.[1] ?? 1);
  const next: WorkOrder = {
    ...order,
    orderId: `${order.ticketId}.${n + 1}`,
    departmentId,
    state: 'open',
    createdAt: at,
    updatedAt: at,
    due: order.owed,
    record: {},
    lastAction: undefined,
    reroutedTo: undefined,
    routedFrom: order.orderId,
    version: 1,
  };
  return { previous: { ...order, reroutedTo: next.orderId, updatedAt: at, version: order.version + 1 }, next, timelineText: `rerouted from ${order.departmentId} to ${departmentId}` };
}

/**
 * Whether the order already shows this action (a repeat: the same answer, nothing new).
 *
 * @example
 * isRepeat(order, 'arrive'); // true once the crew's arrival is recorded
 */
export function isRepeat(order: WorkOrder, action: WorkOrderAction): boolean {
  return order.record[action] !== undefined;
}

/**
 * Decides an action on an order at `now`: WorkOrderStateError (409) when
 * the order's state or ticket type does not allow it, WorkOrderInputError
 * (400) naming the field when the input is missing, malformed, or a time in
 * the future or before the ticket opened.
 *
 * @example
 * decideAction(order, 'arrive', { arrivedAt: '2026-12-01T02:20:00Z' }, new Date('2026-12-01T02:21:00Z'));
 */
export function decideAction(order: WorkOrder, action: WorkOrderAction, input: unknown, now: Date, timeZone = 'Asia/Shanghai'): ActionOutcome {
  const rule = ACTION_RULES[action];
  if (rule.types !== 'any' && !rule.types.includes(order.ticketType)) throw new WorkOrderStateError(action, `a ${order.ticketType} order`);
  if (!rule.from.includes(order.state)) throw new WorkOrderStateError(action, order.state);
  const values = readFields(rule.fields, input, order.ticketOpenedAt, now);

  const at = now.toISOString();
  let due: Record<string, string> = { ...order.due };
  switch (action) {
    case 'dispatch':
      break; // the crew's arrival clock keeps running
    case 'arrive':
      delete due.crewOnSite;
      due.causeReport = new Date(Date.parse(values.arrivedAt as string) + CAUSE_REPORT_MINUTES * 60_000).toISOString();
      break;
    case 'cause':
      delete due.causeReport;
      break;
    case 'extend':
      // Once, to 4 working days after the complaint opened (the ticket's departmentAnswerLatest).
      if (order.answerLatestBy) due.departmentAnswer = order.answerLatestBy;
      break;
    default:
      due = {};
  }
  const order2: WorkOrder = {
    ...order,
    state: rule.to === 'same' ? order.state : rule.to,
    due,
    record: { ...order.record, [action]: { ...values, recordedAt: at } },
    lastAction: action,
    updatedAt: at,
    version: order.version + 1,
  };
  return { order: order2, ticketStatus: rule.ticketStatus, timelineText: `${action} by ${order.departmentId}: ${describe(values)}`, notices: noticesFor(order2, action, values, timeZone) };
}

/**
 * The reporter's texts an action sends: the apology and repair plan on a
 * fault's dispatch, the department's answer to a query or consultation
 * (a complaint's result goes back through the centre's callback instead).
 */
function noticesFor(order: WorkOrder, action: WorkOrderAction, values: Readonly<Record<string, string | boolean>>, timeZone: string): Notice[] {
  const reporter = order.reporter;
  if (!reporter || order.confidential) return [];
  const localTime = (iso: string) => {
    const t = wallClock(new Date(iso), timeZone);
    return `${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
  };
  let template: Notice['template'];
  let params: Record<string, string>;
  if (action === 'dispatch' && order.due.crewOnSite) {
    template = 'repair_dispatched';
    params = { ticketId: order.ticketId, departedText: localTime(values.departedAt as string), onSiteByText: localTime(order.due.crewOnSite) };
  } else if (action === 'answer' && (order.ticketType === 'information_query' || order.ticketType === 'consultation')) {
    template = 'department_answer';
    params = { ticketId: order.ticketId, answer: values.answer as string };
  } else {
    return [];
  }
  return [
    {
      noticeId: `work_order#${order.orderId}#${template}#${reporter.accountNumber ?? 'anonymous'}#sms`,
      channel: 'sms',
      template,
      language: reporter.language,
      to: reporter.phone,
      accountNumber: reporter.accountNumber ?? '',
      important: reporter.important,
      customerType: reporter.customerType,
      params,
      // A repair update is about a supply fault (the outage rule); an answer waits for the day like a reminder.
      quietHours: template === 'repair_dispatched' ? 'outage' : 'reminder',
      source: { kind: 'work_order', id: order.orderId },
      status: 'pending',
      attempts: 0,
      createdAt: order.updatedAt,
      notBefore: order.updatedAt,
    },
  ];
}

function describe(values: Readonly<Record<string, string | boolean>>): string {
  return Object.entries(values)
    .filter(([name]) => name !== 'phone')
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ');
}

function readFields(fields: readonly Field[], input: unknown, openedAt: string, now: Date): Record<string, string | boolean> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new WorkOrderInputError('body', 'a JSON object is required');
  const body = input as Record<string, unknown>;
  const values: Record<string, string | boolean> = {};
  for (const { name, kind } of fields) {
    const value = body[name];
    if (kind === 'boolean') {
      if (typeof value !== 'boolean') throw new WorkOrderInputError(name, 'true or false is required');
      values[name] = value;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') throw new WorkOrderInputError(name, 'required');
    if (value.length > MAX_TEXT) throw new WorkOrderInputError(name, `at most ${MAX_TEXT} characters`);
    if (kind === 'phone' && !PHONE.test(value)) throw new WorkOrderInputError(name, 'a phone number is required');
    if (kind === 'past_instant' || kind === 'future_instant') {
      const instant = Date.parse(value);
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(instant)) throw new WorkOrderInputError(name, 'an ISO-8601 instant with a zone is required');
      if (instant < Date.parse(openedAt)) throw new WorkOrderInputError(name, 'before the ticket opened');
      if (kind === 'past_instant' && instant > now.getTime()) throw new WorkOrderInputError(name, 'in the future');
      values[name] = new Date(instant).toISOString();
      continue;
    }
    values[name] = value.trim();
  }
  return values;
}

/**
 * A chase (DOMAIN.md, "Chasing"): when a department's step comes within its
 * warning margin or passes its limit, the centre texts the department's duty
 * contact, writes the chase on the ticket's timeline and on the shift lead's
 * list, and looks again after the repeat interval. Pure: what a chase is and
 * what it writes; `sla-watch.ts` decides when.
 */
import type { Notice } from '../outbound/notice';
import { wallClock } from '../tickets/calendar';
import type { TimelineEntry } from '../tickets/ticket';
import type { Department } from '../workorders/routing';
import type { WorkOrder } from '../workorders/work-order';
import { CUSTOMER_REPLY, type Clock } from './clock';

/** What sla-watch remembers of one clock between looks: how often it chased, and when it looks next. */
export interface ClockState {
  readonly orderId: string;
  readonly milestone: string;
  readonly dueAt: string;
  readonly chases: number;
  readonly lastChasedAt?: string;
  /** The next look sla-watch scheduled; a firing before it is a duplicate, a sweep after it (plus grace) means the look was lost. */
  readonly nextCheckAt: string;
}

/** One chase of one clock: the shift lead's list item. No phone number and no ticket contents. */
export interface Chase {
  /** `<orderId>#<milestone>#<n>`: the n-th chase of this clock. */
  readonly chaseId: string;
  readonly orderId: string;
  readonly ticketId: string;
  readonly departmentId: string;
  readonly ticketType: WorkOrder['ticketType'];
  readonly milestone: string;
  readonly dueAt: string;
  /** `warning`: inside the margin; `late`: past due. */
  readonly verdict: 'warning' | 'late';
  readonly n: number;
  /** When sla-watch decided to chase. */
  readonly at: string;
  /** When the text may go: at once for a fault, else within the department's working hours. */
  readonly sendAt: string;
  readonly nextCheckAt: string;
  /** A whistleblowing report's chase: on the discipline-inspection office's list only. */
  readonly confidential: boolean;
  /** The outbox item that carries the text to the duty contact (none for the centre's own reply: it is on the lead's list). */
  readonly noticeId?: string;
}

const MILESTONE_NAMES: Readonly<Record<string, Record<Notice['language'], string>>> = {
  crewOnSite: { 'zh-CN': '抢修人员到达现场', en: 'crew on site' },
  causeReport: { 'zh-CN': '报告故障原因及预计修复时间', en: 'cause and expected fix time' },
  departmentAnswer: { 'zh-CN': '部门答复', en: 'department answer' },
  investigationResult: { 'zh-CN': '调查结果', en: 'investigation result' },
  supplyPlan: { 'zh-CN': '供电方案答复', en: 'supply plan' },
  connectionLive: { 'zh-CN': '装表接电', en: 'connection live' },
  customerReply: { 'zh-CN': '答复客户', en: 'reply to the customer' },
};

/**
 * The milestone's name in a language (the milestone itself if unnamed).
 *
 * @example
 * milestoneName('crewOnSite', 'en'); // 'crew on site'
 */
export function milestoneName(milestone: string, language: Notice['language']): string {
  return MILESTONE_NAMES[milestone]?.[language] ?? milestone;
}

export interface ChasePlan {
  readonly chase: Chase;
  readonly state: ClockState;
  readonly entry: TimelineEntry;
  /** The text to the department's duty contact; none when the centre's own reply is late. */
  readonly notice?: Notice;
}

/**
 * The writes of the next chase of a clock: the chase, the clock's new state,
 * the timeline line and the text to the duty contact. The text of a fault's
 * chase goes at any hour (the outage rule, unplanned); any other waits for
 * `sendAt` and the reminder quiet hours.
 *
 * @example
 * planChase({ order, clock, department, previous, verdict: 'late', sendAt, nextCheckAt, now, timeZone: 'Asia/Shanghai' });
 */
export function planChase(input: {
  readonly order: Pick<WorkOrder, 'orderId' | 'ticketId' | 'departmentId' | 'ticketType' | 'confidential'>;
  readonly clock: Clock;
  readonly department: Pick<Department, 'departmentId' | 'dutyContact' | 'dutyLanguage'>;
  readonly previous?: ClockState;
  readonly verdict: 'warning' | 'late';
  readonly sendAt: Date;
  readonly nextCheckAt: Date;
  readonly now: Date;
  readonly timeZone: string;
}): ChasePlan {
  const { order, clock, department, verdict, now } = input;
  const n = (input.previous?.chases ?? 0) + 1;
  const at = now.toISOString();
  const emergency = order.ticketType === 'fault_report';
  // The reply to the customer is the centre's own step: chased on the shift lead's list, no text to the department.
  const centre = clock.milestone === CUSTOMER_REPLY;
  const noticeId = centre ? undefined : `work_order#${order.orderId}#department_chase-${clock.milestone}-${n}#duty#sms`;
  const chase: Chase = {
    chaseId: `${order.orderId}#${clock.milestone}#${n}`,
    orderId: order.orderId,
    ticketId: order.ticketId,
    departmentId: order.departmentId,
    ticketType: order.ticketType,
    milestone: clock.milestone,
    dueAt: clock.dueAt,
    verdict,
    n,
    at,
    sendAt: input.sendAt.toISOString(),
    nextCheckAt: input.nextCheckAt.toISOString(),
    confidential: order.confidential,
    ...(noticeId ? { noticeId } : {}),
  };
  const state: ClockState = { orderId: order.orderId, milestone: clock.milestone, dueAt: clock.dueAt, chases: n, lastChasedAt: at, nextCheckAt: chase.nextCheckAt };
  const entry: TimelineEntry = {
    at,
    kind: 'chase',
    ref: chase.chaseId,
    text: centre
      ? `${clock.milestone} ${verdict === 'late' ? 'late' : 'due soon'} (due ${clock.dueAt}): the reply has not reached the customer; chase ${n} on the shift lead's list`
      : `${clock.milestone} ${verdict === 'late' ? 'late' : 'due soon'} (due ${clock.dueAt}): chase ${n} to ${order.departmentId}'s duty contact, text from ${chase.sendAt}`,
  };
  if (!noticeId) return { chase, state, entry };
  const notice: Notice = {
    noticeId,
    channel: 'sms',
    template: 'department_chase',
    // In the duty contact's language where the routing says it, else English (the outbound texts' default).
    language: department.dutyLanguage ?? 'en',
    to: department.dutyContact,
    accountNumber: '',
    important: emergency,
    customerType: 'business',
    params: { orderId: order.orderId, milestone: clock.milestone, dueText: localTime(clock.dueAt, input.timeZone), verdict, n },
    // A fault's chase is about a supply fault: any hour, like an unplanned outage's notice.
    quietHours: emergency ? 'outage' : 'reminder',
    source: { kind: 'work_order', id: order.orderId },
    status: 'pending',
    attempts: 0,
    createdAt: at,
    notBefore: chase.sendAt,
  };
  return { chase, state, entry, notice };
}

function localTime(iso: string, timeZone: string): string {
  const t = wallClock(new Date(iso), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`;
}

/**
 * The one authorization policy (issue 11, "Access"): role x action, as data,
 * and `can(principal, action, resource)` that every route and listing asks.
 * What a reader may see of a whistleblowing report is the tickets context's
 * `Viewer` rule; `viewerOf` is how a principal becomes that viewer, so the
 * confidentiality rule lives once.
 */
import type { Viewer } from '../tickets/confidentiality';
import type { Principal, Role } from './principal';

export const ACTIONS = [
  'ticket:list',
  'ticket:read',
  'ticket:correct',
  'work_order:list',
  'work_order:read',
  'work_order:act',
  'work_order:route',
  'chase:list',
  // Issue 15: callbacks (a whistleblowing report's is the office's only: the `confidential` rule), the shift handover, the indicators, quality reviews and scores.
  'callback:list',
  'callback:read',
  'callback:record',
  'handover:read',
  'handover:accept',
  'indicator:read',
  'quality:review',
  'quality:score',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * How a role's permission for an action is decided: `any` resource, only a
 * resource of the principal's `own_department`, only an `ordinary` ticket
 * (not confidential), only a `confidential` one (a whistleblowing report),
 * or `none`.
 */
export type Rule = 'any' | 'own_department' | 'ordinary' | 'confidential' | 'none';

/**
 * What an action is done to: a work order or inbox names its department; a
 * ticket says whether it is confidential (a whistleblowing report); a listing names neither.
 */
export interface Resource {
  readonly departmentId?: string;
  /** A whistleblowing report, its callback, or the office's callback queue. */
  readonly confidential?: boolean;
}

/** The department whose inbox receives whistleblowing reports; a discipline_office principal answers for it. */
export const DISCIPLINE_OFFICE_DEPARTMENT = 'discipline-office';

/**
 * The policy. Departments never read tickets, only their own orders (which
 * carry what they need); the centre reads every ticket and order; only the
 * departments (the discipline office among them) act on orders; the shift
 * lead and the supervisor re-route an order sent back and see the day's
 * chases; a department sees the chases of its own orders (the office alone
 * those of whistleblowing reports). Corrections of a ticket's type or key
 * fields (issue 10) are the centre's on ordinary tickets, and the
 * discipline-inspection office's alone on a whistleblowing report (whose
 * contents no one else reads).
 * Agents and the shift lead record callbacks of ordinary tickets and
 * outages; a whistleblowing report's callback (and the office's queue) is
 * the office's alone, by the same `confidential` rule as its corrections,
 * and the office handles no other callback. The shift lead reads and
 * accepts the handover; supervisors, inspectors and the lead read the
 * indicators; inspectors review the sample and enter scores.
 */
export const POLICY: Readonly<Record<Role, Readonly<Record<Action, Rule>>>> = {
  agent: { 'ticket:list': 'any', 'ticket:read': 'any', 'ticket:correct': 'ordinary', 'work_order:list': 'none', 'work_order:read': 'any', 'work_order:act': 'none', 'work_order:route': 'none', 'chase:list': 'none', 'callback:list': 'ordinary', 'callback:read': 'ordinary', 'callback:record': 'ordinary', 'handover:read': 'none', 'handover:accept': 'none', 'indicator:read': 'none', 'quality:review': 'none', 'quality:score': 'none' },
  shift_lead: { 'ticket:list': 'any', 'ticket:read': 'any', 'ticket:correct': 'ordinary', 'work_order:list': 'any', 'work_order:read': 'any', 'work_order:act': 'none', 'work_order:route': 'any', 'chase:list': 'any', 'callback:list': 'ordinary', 'callback:read': 'ordinary', 'callback:record': 'ordinary', 'handover:read': 'any', 'handover:accept': 'any', 'indicator:read': 'any', 'quality:review': 'none', 'quality:score': 'none' },
  supervisor: { 'ticket:list': 'any', 'ticket:read': 'any', 'ticket:correct': 'ordinary', 'work_order:list': 'any', 'work_order:read': 'any', 'work_order:act': 'none', 'work_order:route': 'any', 'chase:list': 'any', 'callback:list': 'ordinary', 'callback:read': 'ordinary', 'callback:record': 'none', 'handover:read': 'any', 'handover:accept': 'none', 'indicator:read': 'any', 'quality:review': 'none', 'quality:score': 'none' },
  quality_inspector: { 'ticket:list': 'any', 'ticket:read': 'any', 'ticket:correct': 'ordinary', 'work_order:list': 'none', 'work_order:read': 'any', 'work_order:act': 'none', 'work_order:route': 'none', 'chase:list': 'none', 'callback:list': 'ordinary', 'callback:read': 'ordinary', 'callback:record': 'none', 'handover:read': 'none', 'handover:accept': 'none', 'indicator:read': 'any', 'quality:review': 'any', 'quality:score': 'any' },
  discipline_office: {
    'ticket:list': 'any',
    'ticket:read': 'any',
    'ticket:correct': 'confidential',
    'work_order:list': 'own_department',
    'work_order:read': 'own_department',
    'work_order:act': 'own_department',
    'work_order:route': 'none',
    'chase:list': 'own_department',
    'callback:list': 'confidential',
    'callback:read': 'confidential',
    'callback:record': 'confidential',
    'handover:read': 'none',
    'handover:accept': 'none',
    'indicator:read': 'none',
    'quality:review': 'none',
    'quality:score': 'none',
  },
  department: {
    'ticket:list': 'none',
    'ticket:read': 'none',
    'ticket:correct': 'none',
    'work_order:list': 'own_department',
    'work_order:read': 'own_department',
    'work_order:act': 'own_department',
    'work_order:route': 'none',
    'chase:list': 'own_department',
    'callback:list': 'none',
    'callback:read': 'none',
    'callback:record': 'none',
    'handover:read': 'none',
    'handover:accept': 'none',
    'indicator:read': 'none',
    'quality:review': 'none',
    'quality:score': 'none',
  },
};

/**
 * Whether the principal may do the action to the resource.
 *
 * @example
 * can({ subject: 'u1', role: 'department', departmentId: 'billing-HZ' }, 'work_order:read', { departmentId: 'billing-HZ' }); // true
 * can({ subject: 'u2', role: 'agent' }, 'work_order:act', { departmentId: 'billing-HZ' }); // false
 */
export function can(principal: Principal, action: Action, resource: Resource = {}): boolean {
  const rule = POLICY[principal.role][action];
  switch (rule) {
    case 'any':
      return true;
    case 'none':
      return false;
    // A ticket that does not say is treated as confidential: refused to the centre, not shown to the office by mistake.
    case 'ordinary':
      return resource.confidential === false;
    case 'confidential':
      return resource.confidential === true;
    case 'own_department':
      return principal.departmentId !== undefined && resource.departmentId === principal.departmentId;
  }
}

/**
 * Whether the principal may do the action to some resource at all: a route
 * asks this before it reads anything, so a role that may never act learns
 * nothing (not even whether the resource exists).
 *
 * @example
 * canAtAll({ subject: 'u1', role: 'department', departmentId: 'billing' }, 'ticket:correct'); // false
 */
export function canAtAll(principal: Principal, action: Action): boolean {
  return POLICY[principal.role][action] !== 'none';
}

/**
 * The reader a ticket listing or read takes (tickets/confidentiality.ts):
 * only the discipline-inspection office reads whistleblowing contents.
 *
 * @example
 * viewerOf({ subject: 'u3', role: 'discipline_office', departmentId: 'discipline-office' }); // { role: 'discipline_office' }
 */
export function viewerOf(principal: Principal): Viewer {
  return { role: principal.role };
}

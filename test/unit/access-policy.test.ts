import { describe, expect, it } from 'vitest';
import { ACTIONS, can, DISCIPLINE_OFFICE_DEPARTMENT, viewerOf, type Action } from '../../functions/access/policy';
import { ROLES, type Principal, type Role } from '../../functions/access/principal';
import { ticketSeenBy } from '../../functions/ops/ticket-view';

const principals: Record<Role, Principal> = {
  agent: { subject: 'a', role: 'agent' },
  shift_lead: { subject: 'l', role: 'shift_lead' },
  supervisor: { subject: 's', role: 'supervisor' },
  quality_inspector: { subject: 'q', role: 'quality_inspector' },
  discipline_office: { subject: 'd', role: 'discipline_office', departmentId: DISCIPLINE_OFFICE_DEPARTMENT },
  department: { subject: 'r', role: 'department', departmentId: 'repair-HZ-XIHU' },
};

// The whole matrix, written out by hand (not derived from POLICY): own = its own department's resource, other = another's.
type Expectation = { own: boolean; other: boolean };
const Y = { own: true, other: true };
const N = { own: false, other: false };
const OWN = { own: true, other: false };
const EXPECTED: Record<Role, Record<Action, Expectation>> = {
  agent: { 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': N, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': N, 'chase:list': N },
  shift_lead: { 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': Y, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': Y, 'chase:list': Y },
  supervisor: { 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': Y, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': Y, 'chase:list': Y },
  quality_inspector: { 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': N, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': N, 'chase:list': N },
  discipline_office: { 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': OWN, 'work_order:read': OWN, 'work_order:act': OWN, 'work_order:route': N, 'chase:list': OWN },
  department: { 'ticket:list': N, 'ticket:read': N, 'work_order:list': OWN, 'work_order:read': OWN, 'work_order:act': OWN, 'work_order:route': N, 'chase:list': OWN },
};

describe('the access policy, role x action x resource', () => {
  const cases = ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action, expected: EXPECTED[role][action] })));

  it('covers every role and action', () => {
    expect(cases).toHaveLength(ROLES.length * ACTIONS.length);
  });

  it.each(cases)('$role $action: own department $expected.own, another department $expected.other', ({ role, action, expected }) => {
    const principal = principals[role];
    const own = principal.departmentId ?? 'billing-HZ';
    expect(can(principal, action, { departmentId: own })).toBe(expected.own);
    expect(can(principal, action, { departmentId: 'business-HZ' })).toBe(expected.other);
  });

  it('never lets a department act on an order that names no department', () => {
    expect(can(principals.department, 'work_order:act', {})).toBe(false);
    expect(can({ subject: 'x', role: 'department' }, 'work_order:read', { departmentId: undefined })).toBe(false);
  });

  it.each(ROLES)('a whistleblowing report\'s contents and reporter as %s reads them', (role) => {
    const report = {
      ticketId: '202612-0001-0001', type: 'whistleblowing_report', status: 'new', priority: 2, channel: 'sms', openedBy: '+8613800001111',
      summary: '某抄表员收受贿赂', createdAt: '2026-12-01T01:00:00.000Z', updatedAt: '2026-12-01T01:00:00.000Z', due: {}, confidential: true,
    } as const;
    const seen = ticketSeenBy(principals[role], report);
    expect(viewerOf(principals[role])).toEqual({ role });
    const reads = role === 'discipline_office';
    expect(seen.ticket.summary === report.summary).toBe(reads);
    expect(seen.ticket.openedBy === report.openedBy).toBe(reads);
  });
});

import { describe, expect, it } from 'vitest';
import { ACTIONS, can, canAtAll, DISCIPLINE_OFFICE_DEPARTMENT, viewerOf, type Action } from '../../functions/access/policy';
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

// The whole matrix, written out by hand (not derived from POLICY): own = its own department's resource, other = another's;
// for a correction, ordinary = a ticket that is not confidential, report = a whistleblowing report.
type Expectation = { own: boolean; other: boolean } | { ordinary: boolean; report: boolean };
const Y = { own: true, other: true };
const N = { own: false, other: false };
const OWN = { own: true, other: false };
const ORDINARY = { ordinary: true, report: false };
const REPORTS = { ordinary: false, report: true };
const NEITHER = { ordinary: false, report: false };
const EXPECTED: Record<Role, Record<Action, Expectation>> = {
  agent: { 'ticket:correct': ORDINARY, 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': N, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': N, 'chase:list': N, 'callback:list': ORDINARY, 'callback:read': ORDINARY, 'callback:record': ORDINARY, 'handover:read': N, 'handover:accept': N, 'indicator:read': N, 'quality:review': N, 'quality:score': N },
  shift_lead: { 'ticket:correct': ORDINARY, 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': Y, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': Y, 'chase:list': Y, 'callback:list': ORDINARY, 'callback:read': ORDINARY, 'callback:record': ORDINARY, 'handover:read': Y, 'handover:accept': Y, 'indicator:read': Y, 'quality:review': N, 'quality:score': N },
  supervisor: { 'ticket:correct': ORDINARY, 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': Y, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': Y, 'chase:list': Y, 'callback:list': ORDINARY, 'callback:read': ORDINARY, 'callback:record': NEITHER, 'handover:read': Y, 'handover:accept': N, 'indicator:read': Y, 'quality:review': N, 'quality:score': N },
  quality_inspector: { 'ticket:correct': ORDINARY, 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': N, 'work_order:read': Y, 'work_order:act': N, 'work_order:route': N, 'chase:list': N, 'callback:list': ORDINARY, 'callback:read': ORDINARY, 'callback:record': NEITHER, 'handover:read': N, 'handover:accept': N, 'indicator:read': Y, 'quality:review': Y, 'quality:score': Y },
  discipline_office: { 'ticket:correct': REPORTS, 'ticket:list': Y, 'ticket:read': Y, 'work_order:list': OWN, 'work_order:read': OWN, 'work_order:act': OWN, 'work_order:route': N, 'chase:list': OWN, 'callback:list': REPORTS, 'callback:read': REPORTS, 'callback:record': REPORTS, 'handover:read': N, 'handover:accept': N, 'indicator:read': N, 'quality:review': N, 'quality:score': N },
  department: { 'ticket:correct': NEITHER, 'ticket:list': N, 'ticket:read': N, 'work_order:list': OWN, 'work_order:read': OWN, 'work_order:act': OWN, 'work_order:route': N, 'chase:list': OWN, 'callback:list': NEITHER, 'callback:read': NEITHER, 'callback:record': NEITHER, 'handover:read': N, 'handover:accept': N, 'indicator:read': N, 'quality:review': N, 'quality:score': N },
};

describe('the access policy, role x action x resource', () => {
  const cases = ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action, expected: EXPECTED[role][action] })));

  it('covers every role and action', () => {
    expect(cases).toHaveLength(ROLES.length * ACTIONS.length);
  });

  it.each(cases)('$role $action: $expected', ({ role, action, expected }) => {
    const principal = principals[role];
    if ('ordinary' in expected) {
      expect(can(principal, action, { confidential: false })).toBe(expected.ordinary);
      expect(can(principal, action, { confidential: true })).toBe(expected.report);
      return;
    }
    const own = principal.departmentId ?? 'billing-HZ';
    expect(can(principal, action, { departmentId: own })).toBe(expected.own);
    expect(can(principal, action, { departmentId: 'business-HZ' })).toBe(expected.other);
  });

  it.each(ROLES)('refuses %s a correction of a ticket that does not say whether it is confidential', (role) => {
    expect(can(principals[role], 'ticket:correct', {})).toBe(false);
  });

  it.each(ROLES)('tells a route whether %s may correct anything at all', (role) => {
    expect(canAtAll(principals[role], 'ticket:correct')).toBe(role !== 'department');
    expect(canAtAll(principals[role], 'chase:list')).toBe(role !== 'agent' && role !== 'quality_inspector');
  });

  it('never lets a department act on an order that names no department', () => {
    expect(can(principals.department, 'work_order:act', {})).toBe(false);
    expect(can({ subject: 'x', role: 'department' }, 'work_order:read', { departmentId: undefined })).toBe(false);
  });

  it.each(ROLES)('a whistleblowing report\'s callback: only %s of the office may list, read or record it', (role) => {
    const office = role === 'discipline_office';
    for (const action of ['callback:list', 'callback:read', 'callback:record'] as const) {
      expect(can(principals[role], action, { confidential: true })).toBe(office);
    }
  });

  it.each(ROLES)('a callback that does not say whether it is a report\'s is refused to %s', (role) => {
    for (const action of ['callback:list', 'callback:read', 'callback:record'] as const) expect(can(principals[role], action, {})).toBe(false);
  });

  it.each(ROLES)('tells the callback routes whether %s may read or record any callback at all', (role) => {
    expect(canAtAll(principals[role], 'callback:read')).toBe(role !== 'department');
    expect(canAtAll(principals[role], 'callback:record')).toBe(['agent', 'shift_lead', 'discipline_office'].includes(role));
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

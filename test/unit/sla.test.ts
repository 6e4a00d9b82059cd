import { describe, it, expect } from 'vitest';
import { seedCalendar } from '../../functions/tickets/seed-calendar';
import { dueInstants } from '../../functions/tickets/sla';

const calendar = seedCalendar();

const fridayFivePm = new Date('2026-03-06T09:00:00Z'); // Friday 17:00 Shanghai

describe('dueInstants', () => {
  it('gives fault crews 45, 90 or 120 minutes by zone, the strictest when the zone is unknown', () => {
    const due = (zone?: 'urban' | 'suburban' | 'remote') => dueInstants({ type: 'fault_report', openedAt: fridayFivePm, zone, calendar });
    expect(due('urban')).toEqual({ crewOnSite: '2026-03-06T09:45:00.000Z' });
    expect(due('suburban')).toEqual({ crewOnSite: '2026-03-06T10:30:00.000Z' });
    expect(due('remote')).toEqual({ crewOnSite: '2026-03-06T11:00:00.000Z' });
    expect(due()).toEqual({ crewOnSite: '2026-03-06T09:45:00.000Z' });
  });

  it('gives queries and consultations 2 working days for the department, 3 for the reply', () => {
    for (const type of ['information_query', 'consultation'] as const) {
      expect(dueInstants({ type, openedAt: fridayFivePm, calendar })).toEqual({
        departmentAnswer: '2026-03-10T09:00:00.000Z',
        customerReply: '2026-03-11T09:00:00.000Z',
      });
    }
  });

  it('gives complaints 2 (at most 4) working days for the department across a holiday', () => {
    // Wednesday 30 Sep 10:00; 1-7 Oct off; Saturday 10 Oct is a make-up working day.
    expect(dueInstants({ type: 'complaint', openedAt: new Date('2026-09-30T02:00:00Z'), calendar })).toEqual({
      departmentAnswer: '2026-10-09T02:00:00.000Z',
      departmentAnswerLatest: '2026-10-12T02:00:00.000Z',
      customerReply: '2026-10-10T02:00:00.000Z',
    });
  });

  it('gives whistleblowing reports 9 working days', () => {
    expect(dueInstants({ type: 'whistleblowing_report', openedAt: new Date('2026-09-28T01:00:00Z'), calendar })).toEqual({
      investigationResult: '2026-10-15T01:00:00.000Z',
    });
  });

  it('times service applications by kind, and not at all before the kind is known', () => {
    const openedAt = new Date('2026-01-31T02:00:00Z');
    const due = (applicationKind?: 'low_voltage' | 'high_voltage_single' | 'high_voltage_dual' | 'residential') =>
      dueInstants({ type: 'service_application', openedAt, applicationKind, calendar });
    expect(due('low_voltage')).toEqual({ supplyPlan: '2026-02-10T02:00:00.000Z' });
    expect(due('high_voltage_single')).toEqual({ supplyPlan: '2026-02-28T02:00:00.000Z' });
    expect(due('high_voltage_dual')).toEqual({ supplyPlan: '2026-03-31T02:00:00.000Z' });
    // Saturday 31 Jan; counted from Monday 2 Feb 00:00, five working days later is Monday 9 Feb 00:00.
    expect(due('residential')).toEqual({ connectionLive: '2026-02-08T16:00:00.000Z' });
    expect(due()).toEqual({});
  });

  it('sets no clock on suggestions and praise', () => {
    expect(dueInstants({ type: 'suggestion_praise', openedAt: fridayFivePm, calendar })).toEqual({});
  });
});

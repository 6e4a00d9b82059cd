import { describe, expect, it } from 'vitest';
import { asSeenBy, forNonInspector, listedForCustomer, WITHHELD } from '../../functions/tickets/confidentiality';
import type { Ticket, TimelineEntry } from '../../functions/tickets/ticket';

const report: Ticket = {
  ticketId: '261123-0000-0001',
  type: 'whistleblowing_report',
  status: 'new',
  priority: 3,
  channel: 'sms',
  accountNumber: '3300000001',
  openedBy: '+8613800000001',
  summary: '举报抄表员收受贿赂',
  createdAt: '2026-11-23T02:00:00Z',
  updatedAt: '2026-11-23T02:00:00Z',
  due: { result: '2026-12-04T02:00:00Z' },
  confidential: true,
};
const timeline: TimelineEntry[] = [{ at: '2026-11-23T02:00:00Z', kind: 'contact', ref: 'sms#m1', channel: 'sms', text: '举报抄表员收受贿赂' }];

describe('forNonInspector', () => {
  it('withholds what a whistleblower said and who they are, but keeps the ticket trackable', () => {
    const seen = forNonInspector(report, timeline);
    expect(JSON.stringify(seen)).not.toContain('贿赂');
    expect(JSON.stringify(seen)).not.toContain('+8613800000001');
    expect(JSON.stringify(seen)).not.toContain('3300000001');
    expect(seen.ticket).toMatchObject({ ticketId: report.ticketId, type: 'whistleblowing_report', summary: WITHHELD, due: report.due });
  });

  it('shows an ordinary complaint as it is', () => {
    const complaint = { ...report, type: 'complaint' as const, confidential: false };
    expect(forNonInspector(complaint, timeline)).toEqual({ ticket: complaint, timeline });
  });
});

describe('asSeenBy and listedForCustomer', () => {
  it('lets the discipline-inspection office read and list a report, and nobody else', () => {
    expect(asSeenBy({ role: 'discipline_office' }, report, timeline)).toEqual({ ticket: report, timeline });
    expect(asSeenBy({ role: 'supervisor' }, report, timeline).ticket.summary).toBe(WITHHELD);
    expect(listedForCustomer(report, { role: 'discipline_office' })).toBe(true);
    expect(listedForCustomer(report, { role: 'shift_lead' })).toBe(false);
    expect(listedForCustomer({ confidential: false }, { role: 'agent' })).toBe(true);
  });
});

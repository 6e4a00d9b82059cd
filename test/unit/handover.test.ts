import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { newCallback } from '../../functions/callbacks/callback';
import { AwsSystemState } from '../../functions/handover/adapters/aws-system-state';
import { acceptHandover, handoverReport, type HandoverDeps } from '../../functions/handover/handover';
import { escapeHtml, handoverPage } from '../../functions/handover/page';
import type { HandoverRecord, OpenTicketLine } from '../../functions/handover/ports';
import type { Outage } from '../../functions/outages/outage';

const NOW = new Date('2026-12-01T10:00:00.000Z'); // 18:00 in Shanghai
const ticket = (n: number, over: Partial<OpenTicketLine> = {}): OpenTicketLine => ({ ticketId: `261201-0000-${String(n).padStart(4, '0')}`, type: 'fault_report', status: 'dispatched', priority: 2, createdAt: '2026-12-01T08:00:00.000Z', confidential: false, summary: '停电', ...over });
const outage = (id: string, over: Partial<Outage>): Outage => ({ outageId: id, kind: 'unplanned', areas: [], feeders: ['F1'], cause: { 'zh-CN': '电缆故障', en: 'cable fault' }, etr: '2026-12-01T12:00:00.000Z', declaredAt: '2026-12-01T08:00:00.000Z', status: 'active', ...over });
const callback = (start: string, dueBy?: string) =>
  newCallback({
    callbackId: `cb_${start.slice(11, 13)}`, reason: dueBy ? 'complaint_result' : 'fault_repair', ticketNumber: 'T', source: { kind: 'ticket', id: 'T' }, confidential: false,
    customer: { phone: '+8613800000001', language: 'zh-CN', customerType: 'residential', important: false }, resultAt: NOW, ...(dueBy ? { dueBy: new Date(dueBy) } : {}),
    window: { start: new Date(start), end: new Date(Date.parse(start) + 3_600_000) }, now: NOW,
  });

function deps(records: HandoverRecord[] = []): HandoverDeps {
  return {
    sources: {
      openTickets: async () => [ticket(1), ticket(2, { priority: 1, summary: '<script>alert(1)</script> 电线落地' }), ticket(3, { type: 'complaint', status: 'new' }), ticket(4, { type: 'whistleblowing_report', status: 'new', confidential: true, summary: undefined })],
      activeOutages: async () => [
        outage('OUT-U', {}),
        outage('OUT-P-SOON', { kind: 'planned', window: { start: '2026-12-05T01:00:00.000Z', end: '2026-12-05T09:00:00.000Z' } }),
        outage('OUT-P-LATER', { kind: 'planned', window: { start: '2026-12-20T01:00:00.000Z', end: '2026-12-20T09:00:00.000Z' } }),
        outage('OUT-P-NOW', { kind: 'planned', window: { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T11:00:00.000Z' } }),
      ],
      callbacksDue: async () => [callback('2026-12-01T10:30:00.000Z'), callback('2026-12-01T11:00:00.000Z', '2026-12-01T09:00:00.000Z')],
      lastHandover: async () => records.at(-1),
      recordHandover: async (r) => void records.push(r),
    },
    chases: { chases: async () => [{ orderId: 'A.1', ticketId: 'A', departmentId: 'billing', milestone: 'departmentAnswer', due: '2026-12-01T09:00:00.000Z', overdue: true }, { orderId: 'B.1', ticketId: 'B', departmentId: 'repair-HZ-XIHU', milestone: 'crewOnSite', due: '2026-12-01T10:20:00.000Z', overdue: false }] },
    system: { read: async () => ({ deadLetterQueues: [{ name: 'rejected-contacts', depth: 2 }], alarmsFiring: ['hotline-prod-RejectedContactsDepth'], dispatchBacklog: 7, source: 'aws' }) },
    now: () => NOW,
  };
}

describe('the handover', () => {
  it('counts open tickets by type and status, chases, emergencies, outages by kind, callbacks due and overdue', async () => {
    const report = await handoverReport(deps());
    expect(report.tickets).toEqual({ open: 4, byType: { fault_report: { dispatched: 2 }, complaint: { new: 1 }, whistleblowing_report: { new: 1 } } });
    expect(report.chases).toMatchObject({ toChase: 1, overdue: 1 });
    expect(report.emergencies.tickets.map((t) => t.ticketId)).toEqual(['261201-0000-0002']);
    expect(report.outages.plannedNext7Days.map((o) => o.outageId)).toEqual(['OUT-P-SOON']);
    expect(report.outages.unplanned.map((o) => o.outageId)).toEqual(['OUT-U']);
    expect(report.outages.ongoing.map((o) => o.outageId)).toEqual(['OUT-U', 'OUT-P-NOW']);
    expect(report.callbacks).toMatchObject({ dueThisShift: 2, overdue: 1, byReason: { fault_repair: 1, complaint_result: 1 } });
    expect(report.shift.to).toBe('2026-12-01T22:00:00.000Z');
  });

  it('records who handed over to whom: the lead who accepted last, unless the incoming lead names another', async () => {
    const records: HandoverRecord[] = [];
    const first = await acceptHandover('lead-a', undefined, deps(records));
    expect(first).toMatchObject({ acceptedBy: 'lead-a', acceptedAt: NOW.toISOString(), counts: { openTickets: 4, overdue: 1, emergencies: 1, callbacksDue: 2, deadLetters: 2, alarmsFiring: 1, dispatchBacklog: 7 } });
    expect(first.handedBy).toBeUndefined();
    expect(await acceptHandover('lead-b', undefined, deps(records))).toMatchObject({ acceptedBy: 'lead-b', handedBy: 'lead-a' });
    expect(await acceptHandover('lead-c', 'lead-z', deps(records))).toMatchObject({ handedBy: 'lead-z' });
  });

  it('renders every value escaped: a summary with markup shows as text', async () => {
    const html = handoverPage(await handoverReport(deps()), 'Asia/Shanghai');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 电线落地');
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
    for (const id of ['tickets', 'chases', 'emergencies', 'outages', 'callbacks', 'system', 'last-handover']) expect(html).toContain(`<section id="${id}">`);
  });
});

describe('the system state in AWS', () => {
  it('reads each dead-letter queue\'s depth, the dispatch backlog and the stage\'s alarms in ALARM', async () => {
    const sqs = mockClient(SQSClient);
    const cloudwatch = mockClient(CloudWatchClient);
    sqs.on(GetQueueAttributesCommand, { QueueUrl: 'https://sqs/rejected' }).resolves({ Attributes: { ApproximateNumberOfMessages: '3' } });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: 'https://sqs/bulk' }).resolves({ Attributes: { ApproximateNumberOfMessages: '40' } });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: 'https://sqs/priority' }).resolves({ Attributes: { ApproximateNumberOfMessages: '2' } });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'hotline-prod-PlannerDlqDepth' }] });
    const state = await new AwsSystemState(new SQSClient({ region: 'ap-southeast-1' }), new CloudWatchClient({ region: 'ap-southeast-1' }), {
      deadLetterQueues: { 'rejected-contacts': 'https://sqs/rejected' },
      dispatchQueues: ['https://sqs/bulk', 'https://sqs/priority'],
      alarmPrefix: 'hotline-prod',
    }).read();
    expect(state).toEqual({ deadLetterQueues: [{ name: 'rejected-contacts', depth: 3 }], alarmsFiring: ['hotline-prod-PlannerDlqDepth'], dispatchBacklog: 42, source: 'aws' });
    expect(cloudwatch).toReceiveCommandWith(DescribeAlarmsCommand, { StateValue: 'ALARM', AlarmNamePrefix: 'hotline-prod' });
    sqs.restore();
    cloudwatch.restore();
  });
});

import { describe, expect, it } from 'vitest';
import { contactReply } from '../../functions/intake/replies';
import { DEFAULT_PAID_REPAIR_VISIT_YUAN, readConfig } from '../../functions/shared/config';

const outage = { kind: 'outage_joined', outageId: 'OUT-1', cause: { 'zh-CN': '线路故障', en: 'line fault' }, etr: '2026-11-23T15:05:00Z' } as const;

describe('smsReply', () => {
  it('tells a customer inside an outage the cause and the restoration time in the centre zone', () => {
    expect(contactReply(outage, 'zh-CN', 'Asia/Shanghai', 50)).toContain('原因：线路故障，预计11月23日 23:05恢复供电');
    expect(contactReply(outage, 'en', 'Asia/Shanghai', 50)).toContain('(line fault). Power is expected back by 23 Nov 23:05');
  });

  it('gives the ETR on the next local day when it is past midnight in Shanghai', () => {
    expect(contactReply({ ...outage, etr: '2026-11-23T16:30:00Z' }, 'en', 'Asia/Shanghai', 50)).toContain('24 Nov 00:30');
    expect(contactReply({ ...outage, etr: '2026-11-23T16:30:00Z' }, 'en', 'Europe/London', 50)).toContain('23 Nov 16:30');
  });

  it('opens every automated message with the scripted greeting and carries the ticket number', () => {
    const zh = contactReply({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'complaint' }, 'zh-CN', 'Asia/Shanghai', 50);
    expect(zh).toMatch(/^【国网XX供电95598】您的投诉已受理，工单号261123-4821-7730/);
    const en = contactReply({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'complaint' }, 'en', 'Asia/Shanghai', 50);
    expect(en).toMatch(/^XX Power Supply 95598: we have received your complaint\. Ticket number 261123-4821-7730/);
  });

  it('says nothing to a second STOP', () => {
    expect(contactReply({ kind: 'already_opted_out' }, 'en', 'Asia/Shanghai', 50)).toBe('');
  });
});

describe('the paid home-repair visit\'s price (stage config)', () => {
  const ownWiring = { kind: 'ticket_opened', ticketId: '261123-4821-7731', ticketType: 'fault_report', triage: 'customer_side' } as const;

  it('states the configured price to a fault in the customer\'s own wiring, in both languages', () => {
    expect(contactReply(ownWiring, 'zh-CN', 'Asia/Shanghai', 80)).toContain('有偿上门服务（每次80元，不含材料费）');
    expect(contactReply(ownWiring, 'en', 'Asia/Shanghai', 80)).toContain('paid home visit (80 yuan per visit, parts extra)');
  });

  it('reads the price from PAID_REPAIR_VISIT_YUAN, 50 yuan when it is not set, and refuses a price that is not one', () => {
    const env = { TABLE_NAME: 't', REJECTED_CONTACTS_QUEUE_URL: 'q' };
    expect(readConfig({ ...env, PAID_REPAIR_VISIT_YUAN: '65' }).paidRepairVisitYuan).toBe(65);
    expect(readConfig(env).paidRepairVisitYuan).toBe(DEFAULT_PAID_REPAIR_VISIT_YUAN);
    expect(DEFAULT_PAID_REPAIR_VISIT_YUAN).toBe(50);
    expect(() => readConfig({ ...env, PAID_REPAIR_VISIT_YUAN: 'fifty' })).toThrow('PAID_REPAIR_VISIT_YUAN');
    expect(() => readConfig({ ...env, PAID_REPAIR_VISIT_YUAN: '-5' })).toThrow('PAID_REPAIR_VISIT_YUAN');
  });
});

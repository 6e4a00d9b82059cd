import { describe, expect, it } from 'vitest';
import { contactReply } from '../../functions/intake/replies';

const outage = { kind: 'outage_joined', outageId: 'OUT-1', cause: { 'zh-CN': '线路故障', en: 'line fault' }, etr: '2026-11-23T15:05:00Z' } as const;

describe('smsReply', () => {
  it('tells a customer inside an outage the cause and the restoration time in the centre zone', () => {
    expect(contactReply(outage, 'zh-CN', 'Asia/Shanghai')).toContain('原因：线路故障，预计11月23日 23:05恢复供电');
    expect(contactReply(outage, 'en', 'Asia/Shanghai')).toContain('(line fault). Power is expected back by 23 Nov 23:05');
  });

  it('gives the ETR on the next local day when it is past midnight in Shanghai', () => {
    expect(contactReply({ ...outage, etr: '2026-11-23T16:30:00Z' }, 'en', 'Asia/Shanghai')).toContain('24 Nov 00:30');
    expect(contactReply({ ...outage, etr: '2026-11-23T16:30:00Z' }, 'en', 'Europe/London')).toContain('23 Nov 16:30');
  });

  it('opens every automated message with the scripted greeting and carries the ticket number', () => {
    const zh = contactReply({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'complaint' }, 'zh-CN', 'Asia/Shanghai');
    expect(zh).toMatch(/^【国网XX供电95598】您的投诉已受理，工单号261123-4821-7730/);
    const en = contactReply({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'complaint' }, 'en', 'Asia/Shanghai');
    expect(en).toMatch(/^XX Power Supply 95598: we have received your complaint\. Ticket number 261123-4821-7730/);
  });

  it('says nothing to a second STOP', () => {
    expect(contactReply({ kind: 'already_opted_out' }, 'en', 'Asia/Shanghai')).toBe('');
  });
});

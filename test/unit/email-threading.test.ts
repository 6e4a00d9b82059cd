import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { automatedMailReason } from '../../functions/email/loop-protection';
import { parseEmail } from '../../functions/email/mime';
import type { EmailThread } from '../../functions/email/ports';
import { emailAcknowledgement } from '../../functions/email/replies';
import { decideThread, normalizeSubject, referencedIds } from '../../functions/email/threading';
import { parseTicketNumber } from '../../functions/tickets/ticket-number';

const fixture = (name: string) => parseEmail(readFileSync(resolve(import.meta.dirname, '../../events/email', name)));
const thread: EmailThread = { ticketId: '261123-1111-2222', ticketType: 'fault_report', participants: ['li.lei@example.cn', 'wang.fang@example.cn'] };
const base = { sender: 'li.lei@example.cn', senderAuthenticated: true, subject: '家里停电了', receivedAt: '2026-11-23T05:00:00Z', referenced: [], windowHours: 72 };

describe('normalizeSubject', () => {
  it.each([
    ['Re: RE: Power cut', 'power cut'],
    ['回复：答复: 家里停电了', '家里停电了'],
    ['转发: 家里停电了 [工单 261123-1111-2222]', '家里停电了'],
    ['AW: Fwd:  Power   cut', 'power cut'],
  ])('%s -> %s', (subject, expected) => {
    expect(normalizeSubject(subject)).toBe(expected);
  });
});

describe('decideThread', () => {
  it('takes the ticket number in the subject from a participant', () => {
    expect(decideThread({ ...base, subjectTicket: thread })).toMatchObject({ ticketId: thread.ticketId, via: 'ticket_number' });
  });

  it('ignores a ticket number quoted by someone outside the thread', () => {
    expect(decideThread({ ...base, sender: 'stranger@example.org', subjectTicket: thread })).toEqual({ via: 'new' });
  });

  it('takes a referenced Message-ID from anyone who received the mail', () => {
    expect(decideThread({ ...base, sender: 'new.cc@example.cn', referenced: [thread] })).toMatchObject({ via: 'message_id' });
  });

  it('falls back to the same sender and subject only within the window', () => {
    const sameSubject = { thread, lastAt: '2026-11-22T05:00:00Z' };
    expect(decideThread({ ...base, sameSubject })).toMatchObject({ via: 'same_subject' });
    expect(decideThread({ ...base, sameSubject, receivedAt: '2026-11-27T05:00:00Z' })).toEqual({ via: 'new' });
    expect(decideThread({ ...base, subject: 'Re:', sameSubject })).toEqual({ via: 'new' });
  });

  it('threads an unauthenticated sender by Message-ID only, never by its address', () => {
    const sameSubject = { thread, lastAt: '2026-11-22T05:00:00Z' };
    expect(decideThread({ ...base, senderAuthenticated: false, subjectTicket: thread, sameSubject })).toEqual({ via: 'new' });
    expect(decideThread({ ...base, senderAuthenticated: false, referenced: [thread] })).toMatchObject({ via: 'message_id' });
  });

  it('looks at In-Reply-To first, then References newest first', () => {
    expect(referencedIds({ inReplyTo: ['<c@x>'], references: ['<a@x>', '<b@x>', '<c@x>'] })).toEqual(['<c@x>', '<b@x>', '<a@x>']);
  });
});

describe('automatedMailReason', () => {
  it.each([
    ['auto-reply-out-of-office.eml', 'li.lei@example.cn', 'auto_submitted'],
    ['bounce-null-sender.eml', '', 'null_sender'],
    ['mailing-list.eml', 'bounces+news@lists.example.net', 'precedence'],
    ['foxmail-gb2312-new.eml', 'li.lei@example.cn', undefined],
  ])('%s -> %s', async (name, envelope, reason) => {
    expect(automatedMailReason(await fixture(name), envelope)).toBe(reason);
  });

  it('treats Auto-Submitted: no as a person', async () => {
    const mail = await fixture('foxmail-gb2312-new.eml');
    expect(automatedMailReason({ ...mail, headers: { ...mail.headers, 'auto-submitted': 'no' } }, 'li.lei@example.cn')).toBeUndefined();
    expect(automatedMailReason({ ...mail, headers: { ...mail.headers, 'list-id': '<x.example>' } }, 'li.lei@example.cn')).toBe('mailing_list');
  });
});

describe('emailAcknowledgement', () => {
  it('carries a ticket number that parseTicketNumber finds again in a reply subject', () => {
    const ack = emailAcknowledgement({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'fault_report' }, 'zh-CN', '家里停电了', 'Asia/Shanghai', 50);
    expect(ack.subject).toBe('Re: 家里停电了 [工单 261123-4821-7730]');
    expect(parseTicketNumber(`回复: ${ack.subject}`)).toBe('261123-4821-7730');
    expect(ack.text).toContain('261123-4821-7730');
  });
});

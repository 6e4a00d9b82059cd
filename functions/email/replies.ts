import type { IntakeOutcome } from '../intake/ports';
import { contactReply } from '../intake/replies';
import { normalizeSubject } from './threading';

type Language = 'zh-CN' | 'en';

/**
 * The acknowledgement of an e-mail, in the customer's language: the ticket
 * number in the subject (so any reply, from any client, threads by it) and
 * the same words the SMS channel uses in the body.
 *
 * @example
 * emailAcknowledgement({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'complaint' }, 'en', 'Power cut', 'Asia/Shanghai', 50);
 * // { subject: 'Re: Power cut [Ticket 261123-4821-7730]', text: '...' }
 */
export function emailAcknowledgement(outcome: IntakeOutcome, language: Language, originalSubject: string, timeZone: string, paidRepairVisitYuan: number): { subject: string; text: string } {
  const zh = language === 'zh-CN';
  const topic = normalizeSubject(originalSubject) === '' ? (zh ? '您的来信' : 'your e-mail') : originalSubject.replace(/^\s*(re|回复)\s*[:：]\s*/i, '');
  const tag = 'ticketId' in outcome ? (zh ? ` [工单 ${outcome.ticketId}]` : ` [Ticket ${outcome.ticketId}]`) : '';
  const body = contactReply(outcome, language, timeZone, paidRepairVisitYuan);
  const text = zh
    ? `您好：\n\n${body}\n\n回复本邮件时请保留主题中的工单号，我们会将您的回复归入同一工单。\n本邮件由系统自动发送。`
    : `Hello,\n\n${body}\n\nWhen you reply, please keep the ticket number in the subject so that your reply joins the same ticket.\nThis message was sent automatically.`;
  return { subject: `Re: ${topic}${tag}`.slice(0, 250), text };
}

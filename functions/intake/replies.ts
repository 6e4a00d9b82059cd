import type { IntakeOutcome } from './ports';
import { wallClock } from '../tickets/calendar';
import type { TicketType } from '../tickets/ticket';

type Language = 'zh-CN' | 'en';

const TYPE_NAMES: Record<Language, Record<TicketType, string>> = {
  'zh-CN': {
    fault_report: '故障报修',
    information_query: '信息查询',
    consultation: '业务咨询',
    complaint: '投诉',
    whistleblowing_report: '举报',
    service_application: '业务申请',
    suggestion_praise: '意见建议',
  },
  en: {
    fault_report: 'fault report',
    information_query: 'query',
    consultation: 'question',
    complaint: 'complaint',
    whistleblowing_report: 'report',
    service_application: 'service application',
    suggestion_praise: 'feedback',
  },
};

/** The scripted sign-off of every automated message (DOMAIN.md, "Service language"). */
const SIGNATURE: Record<Language, string> = { 'zh-CN': '【国网XX供电95598】', en: 'XX Power Supply 95598: ' };

/**
 * What the customer is told about their contact, in their language: the SMS
 * reply, and the body of the e-mail acknowledgement (every channel says the same).
 * A fault in the customer's own wiring is told the price of the paid
 * home-repair visit (DOMAIN.md: "a paid service with the price stated"), in
 * yuan, labour only: stage config (`paidRepairVisitYuan`), so the tariff
 * office's change is a deploy, not a code change.
 *
 * @example
 * contactReply({ kind: 'ticket_opened', ticketId: '261123-4821-7730', ticketType: 'complaint' }, 'en', 'Asia/Shanghai')
 * // 'XX Power Supply 95598: we have received your complaint. Ticket number 261123-4821-7730. ...'
 */
export function contactReply(outcome: IntakeOutcome, language: Language, timeZone: string, paidRepairVisitYuan: number): string {
  const zh = language === 'zh-CN';
  const body = ((): string => {
    switch (outcome.kind) {
      case 'ticket_opened':
        if (outcome.triage === 'customer_side') {
          return zh
            ? `您的故障报修已受理，工单号${outcome.ticketId}。从描述看可能是您家内部线路或开关的问题：请先检查总闸和漏电开关；如需维修，请联系持证电工，或选用我们的有偿上门服务（每次${paidRepairVisitYuan}元，不含材料费），可拨打95598预约。回复TD退订。`
            : `we have received your fault report. Ticket number ${outcome.ticketId}. It looks like your own wiring or switches: please check your main switch and RCD first; for a repair, call a licensed electrician or book our paid home visit (${paidRepairVisitYuan} yuan per visit, parts extra) by calling 95598. Reply STOP to opt out.`;
        }
        if (outcome.triage === 'emergency') {
          return zh
            ? `您的紧急故障报修已受理，工单号${outcome.ticketId}，抢修人员将优先赶到。请远离掉落的电线和火花至少10米，不要触碰，并提醒周围的人。回复TD退订。`
            : `we have received your emergency fault report. Ticket number ${outcome.ticketId}. A crew is coming first. Keep at least 10 m away from any fallen line or sparks, do not touch them, and warn others. Reply STOP to opt out.`;
        }
        return zh
          ? `您的${TYPE_NAMES[language][outcome.ticketType]}已受理，工单号${outcome.ticketId}，我们将尽快处理。回复TD退订。`
          : `we have received your ${TYPE_NAMES[language][outcome.ticketType]}. Ticket number ${outcome.ticketId}. We will be in touch. Reply STOP to opt out.`;
      case 'ticket_appended':
        return zh
          ? `您的信息已补充到工单${outcome.ticketId}。`
          : `your message has been added to ticket ${outcome.ticketId}.`;
      case 'outage_joined': {
        const etr = formatEtr(outcome.etr, language, timeZone);
        return zh
          ? `您所在区域正在停电，原因：${outcome.cause['zh-CN']}，预计${etr}恢复供电。给您带来不便，深表歉意，已记录您的报修。`
          : `there is a known outage in your area (${outcome.cause.en}). Power is expected back by ${etr}. We are sorry for the trouble; your report has been recorded.`;
      }
      case 'opted_out':
        return zh ? '您已退订95598短信通知。回复START可重新订阅。' : 'you will no longer receive 95598 text messages. Reply START to opt in again.';
      case 'opted_in':
      case 'already_opted_in':
        return zh ? '您已订阅95598短信通知。回复TD退订。' : 'you will receive 95598 text messages again. Reply STOP to opt out.';
      case 'already_opted_out':
        return '';
      case 'help':
        return zh
          ? '发送“停电+地址”报修，“电费”查询账单，“投诉+内容”投诉；人工服务请拨95598。回复TD退订。'
          : 'text OUTAGE and your address to report no power, BILL for your bill, COMPLAINT and details to complain; call 95598 for an agent. Reply STOP to opt out.';
    }
  })();
  return body ? `${SIGNATURE[language]}${body}` : '';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `11月23日 18:30` or `23 Nov 18:30`, in the centre's zone. */
function formatEtr(etr: string, language: Language, timeZone: string): string {
  const { month, day, hour, minute } = wallClock(new Date(etr), timeZone);
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return language === 'zh-CN' ? `${month}月${day}日 ${time}` : `${day} ${MONTHS[month - 1]} ${time}`;
}

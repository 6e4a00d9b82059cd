/**
 * Texts the centre sends a customer about their work order (issue 11): the
 * apology and repair plan when the crew is dispatched (DOMAIN.md: "On the
 * dispatch report the centre may text the reporters an apology and the
 * repair plan"), and a department's answer to a query or consultation.
 * Parameters: `ticketId`; `departedText` and `onSiteByText` (local times)
 * for the dispatch; `answer` for the answer; for a chase to a department's
 * duty contact (DOMAIN.md, "Chasing"), `orderId`, `milestone`, `dueText`
 * (local time), `verdict` (`warning` or `late`) and `n`.
 */
import type { Notice, NoticeTemplate } from './notice';
import { milestoneName } from '../clocks/chase';
import { MissingOutageParamError, noticeGreeting } from './templates';

export type WorkOrderTemplate = Extract<NoticeTemplate, 'repair_dispatched' | 'department_answer' | 'department_chase'>;

type Body = (p: (name: string) => string) => string;
const BODIES: Record<WorkOrderTemplate, Record<Notice['language'], Body>> = {
  repair_dispatched: {
    'zh-CN': (p) => `您报修的故障（工单${p('ticketId')}）已派抢修人员于${p('departedText')}出发，预计${p('onSiteByText')}前到达现场。给您带来不便，深表歉意。`,
    en: (p) => `A repair crew for your fault report (ticket ${p('ticketId')}) left at ${p('departedText')} and should be on site by ${p('onSiteByText')}. We apologise for the inconvenience.`,
  },
  department_answer: {
    'zh-CN': (p) => `关于您的工单${p('ticketId')}，答复如下：${p('answer')}`,
    en: (p) => `About your ticket ${p('ticketId')}: ${p('answer')}`,
  },
  department_chase: {
    'zh-CN': (p) =>
      `催办：工单${p('orderId')}（${milestoneName(p('milestone'), 'zh-CN')}）${p('verdict') === 'late' ? '已超过时限' : '即将到期'}（时限${p('dueText')}），请尽快处理并在系统中反馈。第${p('n')}次催办。`,
    en: (p) =>
      `Chase: work order ${p('orderId')} (${milestoneName(p('milestone'), 'en')}) ${p('verdict') === 'late' ? 'is past its limit' : 'is due soon'} (due ${p('dueText')}). Please act and record it in the system. Chase ${p('n')}.`,
  },
};

/**
 * Whether a template is a work order's.
 *
 * @example
 * isWorkOrderTemplate('repair_dispatched'); // true
 */
export function isWorkOrderTemplate(template: NoticeTemplate): template is WorkOrderTemplate {
  return template in BODIES;
}

/**
 * The greeting and body of a work order's notice in its language.
 *
 * @example
 * workOrderNoticeText(notice, '杭州'); // '您好，杭州供电公司95598服务热线为您送达抢修进度通知。您报修的故障…'
 */
export function workOrderNoticeText(notice: Notice, utilityName: string): string {
  const template = notice.template as WorkOrderTemplate;
  const p = (name: string): string => {
    const value = notice.params[name];
    if (value === undefined) throw new MissingOutageParamError(template, name);
    return String(value);
  };
  const separator = notice.language === 'zh-CN' ? '' : ' ';
  return `${noticeGreeting(template, notice.language, utilityName)}${separator}${BODIES[template][notice.language](p)}`;
}

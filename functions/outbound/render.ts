/**
 * The text of any notice: billing templates live in billing-templates.ts,
 * outage templates in templates.ts, work-order templates in
 * work-order-templates.ts; this is the one place that picks.
 */
import { billingNoticeText, isBillingTemplate } from './billing-templates';
import { UnknownTemplateError } from './errors';
import type { Notice } from './notice';
import { isOutageTemplate, outageNoticeText } from './templates';
import { isWorkOrderTemplate, workOrderNoticeText } from './work-order-templates';

export type NoticeText = (notice: Notice) => string;

/**
 * @example
 * const text = noticeRenderer({ utilityName: 'Riverside' })(notice);
 */
export function noticeRenderer(options: { utilityName: string }): NoticeText {
  return (notice) => {
    if (isBillingTemplate(notice.template)) return billingNoticeText(notice, options.utilityName);
    if (isOutageTemplate(notice.template)) return outageNoticeText(notice, options.utilityName);
    if (isWorkOrderTemplate(notice.template)) return workOrderNoticeText(notice, options.utilityName);
    throw new UnknownTemplateError(notice.template);
  };
}

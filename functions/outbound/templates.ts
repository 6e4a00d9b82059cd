/**
 * Notice texts per language (zh-CN, en) and template, each opening with the
 * scripted greeting of automated outbound messages (DOMAIN.md, "Service
 * language"): "Hello, the XX power supply 95598 service line with your
 * <outage notice>". The same words serve SMS and the voice call.
 *
 * Outage templates live here. Billing templates (bill_notice,
 * arrears_reminder) live in billing-templates.ts (dispatcher/billing side);
 * `noticeRenderer` in render.ts picks between these and the billing templates.
 */
import type { Notice, NoticeTemplate } from './notice';
import { OutboundError } from './errors';

export type Language = Notice['language'];
export type OutageTemplate = Extract<NoticeTemplate, 'outage_initial' | 'outage_etr_changed' | 'outage_restored'>;

/** What the greeting says it brings, for every template (billing ones included, so one greeting serves all). */
export const NOTICE_KIND_NAMES: Record<NoticeTemplate, Record<Language, string>> = {
  outage_initial: { 'zh-CN': '停电通知', en: 'outage notice' },
  outage_etr_changed: { 'zh-CN': '停电恢复时间变更通知', en: 'outage update' },
  outage_restored: { 'zh-CN': '恢复供电通知', en: 'restoration notice' },
  // Billing (issue 5, billing half): texts in billing-templates.ts.
  bill_notice: { 'zh-CN': '电费通知', en: 'bill notice' },
  arrears_reminder: { 'zh-CN': '欠费提醒', en: 'arrears reminder' },
  // Work orders (issue 11): texts in work-order-templates.ts.
  repair_dispatched: { 'zh-CN': '抢修进度通知', en: 'repair update' },
  department_answer: { 'zh-CN': '工单答复', en: 'answer to your enquiry' },
  department_chase: { 'zh-CN': '工单催办通知', en: 'work order chase' },
};

export class MissingOutageParamError extends OutboundError {
  constructor(
    readonly template: string,
    readonly param: string,
  ) {
    super(`Template ${template} needs the parameter ${param}`);
    this.name = 'MissingOutageParamError';
  }
}

/**
 * The scripted greeting.
 *
 * @example
 * noticeGreeting('outage_initial', 'en', 'Hangzhou'); // 'Hello, the Hangzhou power supply 95598 service line with your outage notice.'
 */
export function noticeGreeting(template: NoticeTemplate, language: Language, utilityName: string): string {
  const what = NOTICE_KIND_NAMES[template][language];
  return language === 'zh-CN' ? `您好，${utilityName}供电公司95598服务热线为您送达${what}。` : `Hello, the ${utilityName} power supply 95598 service line with your ${what}.`;
}

type Params = Notice['params'];
type Body = (p: (name: string) => string, params: Params) => string;

/**
 * Bodies after the greeting. Parameters (written by the planner, outbound/planner.ts):
 * `cause` (in the notice's language), `etrText` (local time), `windowText` (planned only), `restoredText`.
 */
const OUTAGE_BODIES: Record<OutageTemplate, Record<Language, Body>> = {
  outage_initial: {
    'zh-CN': (p, params) =>
      params.windowText !== undefined
        ? `您所在区域计划于${p('windowText')}停电，原因：${p('cause')}。预计${p('etrText')}恢复供电。给您带来不便，敬请谅解。`
        : `您所在区域正在停电，原因：${p('cause')}。预计${p('etrText')}恢复供电。给您带来不便，深表歉意。`,
    en: (p, params) =>
      params.windowText !== undefined
        ? `Power to your area will be off ${p('windowText')} for ${p('cause')}. Expected back by ${p('etrText')}. We apologise for the inconvenience.`
        : `Power is off in your area because of ${p('cause')}. Expected back by ${p('etrText')}. We apologise for the inconvenience.`,
  },
  outage_etr_changed: {
    'zh-CN': (p) => `您所在区域的停电预计恢复时间已调整为${p('etrText')}，原因：${p('cause')}。给您带来不便，深表歉意。`,
    en: (p) => `The expected restoration time for the outage in your area is now ${p('etrText')} (${p('cause')}). We apologise for the inconvenience.`,
  },
  outage_restored: {
    'zh-CN': (p) => `您所在区域已于${p('restoredText')}恢复供电。感谢您的耐心与理解。如仍无电，请致电95598。`,
    en: (p) => `Power in your area was restored at ${p('restoredText')}. Thank you for your patience. If you still have no power, call 95598.`,
  },
};

export function isOutageTemplate(template: string): template is OutageTemplate {
  return Object.hasOwn(OUTAGE_BODIES, template);
}

/**
 * The text of an outage notice in its language.
 *
 * @example
 * outageNoticeText({ template: 'outage_restored', language: 'en', params: { restoredText: '2026-11-23 18:30' } }, 'Hangzhou');
 */
export function outageNoticeText(notice: Pick<Notice, 'template' | 'language' | 'params'>, utilityName: string): string {
  if (!isOutageTemplate(notice.template)) throw new MissingOutageParamError(notice.template, 'template');
  const p = (name: string) => {
    const value = notice.params[name];
    if (value === undefined || value === '') throw new MissingOutageParamError(notice.template, name);
    return String(value);
  };
  const body = OUTAGE_BODIES[notice.template][notice.language](p, notice.params);
  return `${noticeGreeting(notice.template, notice.language, utilityName)}${notice.language === 'zh-CN' ? '' : ' '}${body}`;
}


/**
 * Bill notice and arrears reminder texts, per language, each opening with
 * the scripted greeting of automated outbound messages (DOMAIN.md, "Service
 * language"). The same words serve SMS and the voice call (Amazon Connect
 * speaks the text the contact flow receives).
 */
import type { Notice } from './notice';
import { OutboundError } from './errors';

export type BillingTemplate = 'bill_notice' | 'arrears_reminder';
export type Language = Notice['language'];

export class MissingTemplateParamError extends OutboundError {
  constructor(
    readonly template: string,
    readonly param: string,
  ) {
    super(`Template ${template} needs the parameter ${param}`);
    this.name = 'MissingTemplateParamError';
  }
}

const WHAT: Record<BillingTemplate, Record<Language, string>> = {
  bill_notice: { 'zh-CN': '电费通知', en: 'bill notice' },
  arrears_reminder: { 'zh-CN': '欠费提醒', en: 'arrears reminder' },
};

/**
 * The scripted greeting: "Hello, the XX power supply 95598 service line with your <bill notice>".
 *
 * @example
 * outboundGreeting('bill_notice', 'en', 'Riverside'); // 'Hello, the Riverside power supply 95598 service line with your bill notice.'
 */
export function outboundGreeting(template: BillingTemplate, language: Language, utilityName: string): string {
  const what = WHAT[template][language];
  return language === 'zh-CN' ? `您好，${utilityName}供电公司95598服务热线为您送达${what}。` : `Hello, the ${utilityName} power supply 95598 service line with your ${what}.`;
}

function param(notice: Pick<Notice, 'template' | 'params'>, name: string): string | number {
  const value = notice.params[name];
  if (value === undefined || value === '') throw new MissingTemplateParamError(notice.template, name);
  return value;
}

function yuan(value: string | number, language: Language): string {
  const amount = Number(value).toFixed(2);
  return language === 'zh-CN' ? `${amount}元` : `CNY ${amount}`;
}

/**
 * The text of a billing notice in the customer's language.
 *
 * @example
 * billingNoticeText({ template: 'bill_notice', language: 'en', params: { meterReadingDate: '2026-03-01', reading: 10234, kwhUsed: 215, amount: 120.4, previousBalance: 0, amountDue: 120.4 } }, 'Riverside');
 */
export function billingNoticeText(notice: Pick<Notice, 'template' | 'language' | 'params'>, utilityName: string): string {
  const template = notice.template as BillingTemplate;
  const { language } = notice;
  const p = (name: string) => param(notice, name);
  const greeting = outboundGreeting(template, language, utilityName);
  if (template === 'bill_notice') {
    return language === 'zh-CN'
      ? `${greeting}户号尾号${tail(p('accountNumber'))}：抄表日期${p('meterReadingDate')}，表示数${p('reading')}，用电${p('kwhUsed')}千瓦时，本期电费${yuan(p('amount'), language)}，上期结余${yuan(p('previousBalance'), language)}，应缴${yuan(p('amountDue'), language)}。`
      : `${greeting} Account ending ${tail(p('accountNumber'))}: meter read on ${p('meterReadingDate')}, reading ${p('reading')}, ${p('kwhUsed')} kWh used, this bill ${yuan(p('amount'), language)}, previous balance ${yuan(p('previousBalance'), language)}, amount due ${yuan(p('amountDue'), language)}.`;
  }
  return language === 'zh-CN'
    ? `${greeting}户号尾号${tail(p('accountNumber'))}：${p('billingPeriod')}电费欠费${yuan(p('amountOverdue'), language)}，截至${p('lateFeeAsOf')}违约金${yuan(p('lateFee'), language)}（自${p('lateFeeFrom')}起按欠费金额每日${p('lateFeeRatePercent')}%计，共${p('lateFeeDays')}天），合计应缴${yuan(p('totalOwed'), language)}。缴费渠道：${p('whereToPay')}。`
    : `${greeting} Account ending ${tail(p('accountNumber'))}: ${yuan(p('amountOverdue'), language)} overdue for ${p('billingPeriod')}; late fee to ${p('lateFeeAsOf')} ${yuan(p('lateFee'), language)} (${p('lateFeeRatePercent')}% of the overdue amount per day from ${p('lateFeeFrom')}, ${p('lateFeeDays')} days); total owed ${yuan(p('totalOwed'), language)}. Pay at: ${p('whereToPay')}.`;
}

/** Only the last four digits of an account number go into a message. */
function tail(accountNumber: string | number): string {
  return String(accountNumber).slice(-4);
}

export function isBillingTemplate(template: string): template is BillingTemplate {
  return template === 'bill_notice' || template === 'arrears_reminder';
}

/**
 * Outage notices for one recipient (issue 5, scope 2): pure, so the rules
 * (ids, channels, opt-outs, parameters) are tested without a table.
 */
import type { Outage } from '../outages/outage';
import { planKey, type NoticePlanKind, type PlanningJob } from '../outages/ports';
import type { Notice, NoticeChannel, NoticeTemplate } from './notice';

/** Who gets a notice: a directory customer on an affected feeder, or a reporter of the outage. */
export interface NoticeRecipient {
  /** The notice id's customer part: the account number, or `ph_<fingerprint>` for a reporter without one. */
  readonly recipientKey: string;
  /** Empty for a reporter without an account. */
  readonly accountNumber: string;
  /** E.164. */
  readonly to: string;
  readonly language: Notice['language'];
  readonly important: boolean;
  readonly customerType: Notice['customerType'];
}

export interface PlanContext {
  readonly outage: Outage;
  readonly job: PlanningJob;
  readonly now: Date;
  /** IANA zone the times in the texts are given in (the centre's). */
  readonly timeZone: string;
}

export const TEMPLATE_OF_PLAN: Record<NoticePlanKind, NoticeTemplate> = {
  initial: 'outage_initial',
  etr_changed: 'outage_etr_changed',
  restored: 'outage_restored',
};

/**
 * `outage#<outage id>#<template>#<recipient>#<channel>`, the format in notice.ts; an announced ETR
 * change carries its revision in the template part (`outage_etr_changed-r2`), so each announced
 * change is one notice per customer and a replanned revision lands on the same items.
 *
 * @example
 * outageNoticeId('OUT-1', { plan: 'initial', revision: 0 }, '3301000001', 'sms'); // 'outage#OUT-1#outage_initial#3301000001#sms'
 */
export function outageNoticeId(outageId: string, job: Pick<PlanningJob, 'plan' | 'revision'>, recipientKey: string, channel: NoticeChannel): string {
  const template = job.plan === 'etr_changed' ? `${TEMPLATE_OF_PLAN.etr_changed}-r${job.revision}` : TEMPLATE_OF_PLAN[job.plan];
  return `outage#${outageId}#${template}#${recipientKey}#${channel}`;
}

/**
 * The notices of one recipient for one plan: an SMS, and a voice call too for
 * an important customer (DOMAIN.md: "SMS and voice call, confirmed and
 * recorded"). A number on the opt-out ledger gets its notices written as
 * `suppressed_opt_out`: never sent, but visible in the outage's counts.
 *
 * @example
 * planRecipientNotices(recipient, false, { outage, job, now, timeZone: 'Asia/Shanghai' }).map((n) => n.channel); // ['sms', 'voice'] when important
 */
export function planRecipientNotices(recipient: NoticeRecipient, optedOut: boolean, context: PlanContext): Notice[] {
  const { outage, job, now } = context;
  const channels: NoticeChannel[] = recipient.important ? ['sms', 'voice'] : ['sms'];
  const createdAt = now.toISOString();
  const params = noticeParams(recipient.language, context);
  return channels.map((channel) => ({
    noticeId: outageNoticeId(outage.outageId, job, recipient.recipientKey, channel),
    channel,
    template: TEMPLATE_OF_PLAN[job.plan],
    language: recipient.language,
    to: recipient.to,
    accountNumber: recipient.accountNumber,
    important: recipient.important,
    customerType: recipient.customerType,
    params,
    quietHours: 'outage',
    source: { kind: 'outage', id: outage.outageId },
    status: optedOut ? 'suppressed_opt_out' : 'pending',
    attempts: 0,
    createdAt,
    notBefore: createdAt,
  }));
}

/** Each plan's parameters per language: the same for every recipient of the plan, so worked out once (a fan-out has 100,000 recipients). */
const paramsOfContext = new WeakMap<PlanContext, Map<Notice['language'], Record<string, string>>>();

/**
 * Parameters of outbound/templates.ts, in the recipient's language; times in the centre's zone.
 * The same object for every call with the same context and language (treat it as read-only).
 *
 * @example
 * noticeParams('en', { outage, job, now, timeZone: 'Asia/Shanghai' }).etrText; // '2026-11-23 17:00'
 */
export function noticeParams(language: Notice['language'], context: PlanContext): Record<string, string> {
  let byLanguage = paramsOfContext.get(context);
  if (!byLanguage) paramsOfContext.set(context, (byLanguage = new Map()));
  let params = byLanguage.get(language);
  if (!params) byLanguage.set(language, (params = paramsFor(language, context)));
  return params;
}

function paramsFor(language: Notice['language'], context: PlanContext): Record<string, string> {
  const { outage, job, timeZone } = context;
  const params: Record<string, string> = {
    outageId: outage.outageId,
    plan: planKey(job),
    cause: outage.cause[language],
    etr: job.plan === 'etr_changed' ? (outage.announcedEtr ?? outage.etr) : outage.etr,
  };
  params.etrText = localTime(params.etr as string, timeZone);
  if (outage.window && job.plan === 'initial') {
    params.windowText = language === 'zh-CN'
      ? `${localTime(outage.window.start, timeZone)}至${localTime(outage.window.end, timeZone)}`
      : `from ${localTime(outage.window.start, timeZone)} to ${localTime(outage.window.end, timeZone)}`;
  }
  if (job.plan === 'restored') {
    const restoredAt = outage.restoredAt ?? context.now.toISOString();
    params.restoredAt = restoredAt;
    params.restoredText = localTime(restoredAt, timeZone);
  }
  return params;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-23 18:30` in `timeZone`: the same digits read in both languages. */
export function localTime(instant: string, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * Outbound notices: items in the outbox (DynamoDB), written with the change
 * that caused them, then paced out by the dispatcher (ARCHITECTURE.md,
 * "Outbound goes through an outbox").
 */
export type NoticeChannel = 'sms' | 'voice';

export type NoticeTemplate =
  | 'outage_initial'
  | 'outage_etr_changed'
  | 'outage_restored'
  | 'bill_notice'
  | 'arrears_reminder'
  /** Work orders (issue 11): the crew is on its way (apology and repair plan), and a department's answer relayed to the customer. */
  | 'repair_dispatched'
  | 'department_answer'
  /** Clocks (issue 11): a department's step is due soon or late; the text goes to its duty contact. */
  | 'department_chase';

export type NoticeStatus =
  | 'pending'
  | 'sent'
  | 'delivered'
  | 'retrying'
  /** On the opt-out ledger: never sent. */
  | 'suppressed_opt_out'
  /** Three failed attempts: reported back (billing: the unreachable list). */
  | 'unreachable';

/** Which quiet-hours rule applies: reminders never 21:00-08:00; outage notices configurable. */
export type QuietHoursPolicy = 'reminder' | 'outage';

export interface Notice {
  /**
   * Deterministic: `<source kind>#<source id>#<template>#<account>#<channel>`, so
   * replanning the same change never makes a second notice (conditional put).
   */
  readonly noticeId: string;
  readonly channel: NoticeChannel;
  readonly template: NoticeTemplate;
  readonly language: 'zh-CN' | 'en';
  /** E.164. */
  readonly to: string;
  readonly accountNumber: string;
  readonly important: boolean;
  readonly customerType: 'residential' | 'business';
  /** Template parameters (cause, ETR, amounts, ...): plain strings and numbers. */
  readonly params: Readonly<Record<string, string | number>>;
  readonly quietHours: QuietHoursPolicy;
  readonly source: { readonly kind: 'outage' | 'billing' | 'work_order'; readonly id: string };
  readonly status: NoticeStatus;
  readonly attempts: number;
  readonly createdAt: string;
  /** Not to be sent before this instant (quiet hours, retry backoff). */
  readonly notBefore: string;
  /** The commitment: bill notices and reminders within 1 working day. */
  readonly dueBy?: string;
  readonly lastError?: string;
  readonly providerMessageId?: string;
}

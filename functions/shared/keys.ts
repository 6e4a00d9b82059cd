/**
 * Key builders for the single table (see docs/architecture.md for the
 * access pattern each one serves). Nothing else concatenates key strings.
 *
 * One export per builder, imported as a namespace (`import * as keys`), so a
 * function's bundle holds the builders it calls and not all of them (about
 * 3.5 KiB minified; issue 14's bar is 1.15x the SDK-only bundle).
 */
export const customerProfile = (accountNumber: string) => ({ pk: `CUSTOMER#${accountNumber}`, sk: 'PROFILE' });
/** gsi1: customers on a feeder, for outage fan-out. */
export const customerByFeeder = (feeder: string, accountNumber: string) => ({ gsi1pk: `FEEDER#${feeder}`, gsi1sk: `CUSTOMER#${accountNumber}` });

/** The sender partition: directory links, opt-outs and open-ticket pointers of one phone number. */
export const phonePartition = (e164: string) => `PHONE#${e164}`;
export const emailPartition = (email: string) => `EMAIL#${email.toLowerCase()}`;
export const chatPartition = (session: string) => `CHAT#${session}`;
export const directoryLink = (senderPartition: string, accountNumber: string) => ({ pk: senderPartition, sk: `CUSTOMER#${accountNumber}` });
export const smsOptOut = (e164: string) => ({ pk: `PHONE#${e164}`, sk: 'OPTOUT#SMS' });
/** Outbound calls refused (a STOP by text bars calls too; this one bars calls only). */
export const voiceOptOut = (e164: string) => ({ pk: `PHONE#${e164}`, sk: 'OPTOUT#VOICE' });
export const threadPointer = (senderPartition: string, ticketType: string) => ({ pk: senderPartition, sk: `THREAD#${ticketType}` });

/** One item per contact, keyed by its idempotency key (`sms#<inboundMessageId>`). */
export const contact = (contactKey: string) => ({ pk: `CONTACT#${contactKey}`, sk: 'CONTACT' });

export const ticket = (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' });
export const ticketPartition = (ticketId: string) => `TICKET#${ticketId}`;
export const timelineEntry = (ticketId: string, at: string, ref: string) => ({ pk: `TICKET#${ticketId}`, sk: `EVENT#${at}#${ref}` });
/** gsi1: tickets of a customer (account number, or the sender when anonymous). */
export const ticketsByCustomer = (customer: string, createdAt: string) => ({ gsi1pk: `CUSTOMER#${customer}`, gsi1sk: `TICKET#${createdAt}` });
/** gsi2: tickets by status, then type and time. */
export const ticketsByStatus = (status: string, type: string, createdAt: string, ticketId: string) => ({
  gsi2pk: `STATUS#${status}`,
  gsi2sk: `${type}#${createdAt}#${ticketId}`,
});

/** Issue 10: agents' corrections per day (the date the ticket opened): counts for the ticket-correctness indicators. */
export const correctionCounter = (day: string) => ({ pk: 'QUALITY#CORRECTIONS', sk: day });
/** Issue 10: one item per correction, by day, for `npm run export:corrections`. */
export const correctionLog = (day: string, at: string, ticketId: string) => ({ pk: `CORRECTIONS#${day}`, sk: `${at}#${ticketId}` });
export const correctionLogPartition = (day: string) => `CORRECTIONS#${day}`;
/** The working-day calendar: one item per loaded year (the State Council's arrangement). */
export const calendarPartition = 'CALENDAR';
export const calendarYear = (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` });

export const outage = (outageId: string) => ({ pk: `OUTAGE#${outageId}`, sk: 'OUTAGE' });
/** gsi2: the registry of active outages (small: tens, not thousands). */
export const activeOutagesPartition = 'OUTAGES#ACTIVE';
export const activeOutage = (declaredAt: string, outageId: string) => ({ gsi2pk: activeOutagesPartition, gsi2sk: `${declaredAt}#${outageId}` });
export const outageReport = (outageId: string, contactKey: string) => ({ pk: `OUTAGE#${outageId}`, sk: `REPORT#${contactKey}` });
/** Outbound planning (issue 5): progress of one notice plan of an outage (`initial`, `etr_changed-r2`, `restored`): resume cursor and counts. */
export const outagePlan = (outageId: string, planKey: string) => ({ pk: `OUTAGE#${outageId}`, sk: `PLAN#${planKey}` });
/**
 * Issue 13: a fault report that opened its own ticket, under its transformer and window, spread
 * over `CLUSTER_SHARDS` partitions (outages/suspicion.ts); the cluster watch counts them.
 */
export const clusterReport = (transformer: string, windowStart: string, shard: number, contactKey: string) => ({ pk: `CLUSTER#${transformer}#${windowStart}#${shard}`, sk: `REPORT#${contactKey}` });
export const clusterPartition = (transformer: string, windowStart: string, shard: number) => `CLUSTER#${transformer}#${windowStart}#${shard}`;
/**
 * Issue 13: which suspicion holds a feeder (`outageId`). Written only in the transaction that opens a
 * suspicion, conditional on being new or naming one that has ended, so two transformers of a feeder
 * crossing at once open one suspicion and the other rolls up to it. One write per suspicion, none per report.
 */
export const suspicionClaim = (feeder: string) => ({ pk: `OUTAGES#FEEDER#${feeder}`, sk: 'SUSPICION_CLAIM' });
/** Issue 13: storm mode as operators set it through the outage API (a lower suspicion threshold). */
export const stormMode = { pk: 'OUTAGES#SETTINGS', sk: 'STORM_MODE' };
/** Outbound planning: the feeders of an area (written with the directory), so an area outage fans out feeder by feeder. */
export const areaFeeder = (area: string, feeder: string) => ({ pk: `AREA#${area}`, sk: `FEEDER#${feeder}` });
export const areaPartition = (area: string) => `AREA#${area}`;

/** E-mail threading: which ticket a Message-ID belongs to (ids from Message-ID, In-Reply-To, References). */
export const emailMessage = (messageId: string) => ({ pk: `EMAILMSG#${messageId.toLowerCase()}`, sk: 'EMAILMSG' });
/** E-mail threading: the addresses taking part in a ticket's e-mail thread (senders, To, Cc), and its subject. */
export const emailThread = (ticketId: string) => ({ pk: `EMAILTHREAD#${ticketId}`, sk: 'EMAILTHREAD' });
/** E-mail threading fallback, in the sender partition: the last ticket this sender opened under a subject (hash). */
export const emailSubject = (senderPartition: string, subjectHash: string) => ({ pk: senderPartition, sk: `SUBJECT#${subjectHash}` });
/** Mail kept without a ticket (spam/virus FAIL, or automated mail threading to nothing): an audit record, no body. */
export const emailHeld = (sesMessageId: string) => ({ pk: `EMAILHELD#${sesMessageId}`, sk: 'EMAILHELD' });
/** Web chat: a verified session (account after PIN), and the per-session / per-address rate counters. */
export const chatSession = (sessionId: string) => ({ pk: `CHAT#${sessionId}`, sk: 'SESSION' });
export const chatRate = (subject: string, window: string) => ({ pk: `CHATRATE#${subject}`, sk: `WINDOW#${window}` });

/** A work order (issue 11), in its ticket's partition: `n` counts the ticket's orders (a re-route makes the next). */
export const workOrder = (ticketId: string, n: number) => ({ pk: `TICKET#${ticketId}`, sk: `ORDER#${n}` });
/** gsi1: a department's inbox, earliest due first (`~` sorts an order that owes nothing now last). */
export const workOrdersByDepartment = (departmentId: string, nextDue: string | undefined, orderId: string) => ({ gsi1pk: `DEPT#${departmentId}`, gsi1sk: `ORDER#${nextDue ?? '~'}#${orderId}` });
/** Clocks (issue 11): what sla-watch remembers of one clock between looks (chases so far, next look), in its ticket's partition. */
export const clockState = (ticketId: string, orderId: string, milestone: string, dueAt: string) => ({ pk: `TICKET#${ticketId}`, sk: `CLOCK#${orderId}#${milestone}#${dueAt}` });
/** Clocks: the chases of a local day, newest last; a whistleblowing report's in their own partition, which only the office's listing reads. */
export const chase = (day: string, confidential: boolean, at: string, chaseId: string) => ({ pk: chasesPartition(day, confidential), sk: `${at}#${chaseId}` });
export function chasesPartition(day: string, confidential: boolean): string {
  return confidential ? `CHASES#CONFIDENTIAL#${day}` : `CHASES#${day}`;
}
/** gsi1: a department's chases, beside its inbox (`CHASE#` after `ORDER#` in the same partition). */
export const chasesByDepartment = (departmentId: string, at: string, chaseId: string) => ({ gsi1pk: `DEPT#${departmentId}`, gsi1sk: `CHASE#${at}#${chaseId}` });
/** Outbox: one item per notice, keyed by its deterministic id (outbound/notice.ts). */
export const notice = (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' });
/** gsi1: notices of one source (an outage, a billing batch), for status and the unreachable list. */
export const noticesBySource = (sourceKind: string, sourceId: string, noticeId: string) => ({ gsi1pk: `SOURCE#${sourceKind}#${sourceId}`, gsi1sk: `NOTICE#${noticeId}` });
/** gsi2: a sent notice by the provider's id for it (SNS message id, Connect contact id), for delivery receipts. */
export const noticeByDelivery = (channel: string, providerMessageId: string, noticeId: string) => ({ gsi2pk: `DELIVERY#${channel}#${providerMessageId}`, gsi2sk: `NOTICE#${noticeId}` });

/** Callbacks (issue 15): one item per callback, keyed by its derived id (one per customer per ticket or outage). */
export const callback = (callbackId: string) => ({ pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' });
/** gsi1: the callbacks of a ticket or an outage (`ticket`, `outage`). */
export const callbacksBySource = (kind: string, sourceId: string, callbackId: string) => ({ gsi1pk: `CALLBACKS#${kind}#${sourceId}`, gsi1sk: `CALLBACK#${callbackId}` });
/** gsi2: open callbacks of a queue (`centre`; `office`: whistleblowing, the discipline-inspection office's only), by window start. */
export const openCallbacks = (queue: 'centre' | 'office', windowStart: string, callbackId: string) => ({ gsi2pk: `CALLBACKS#OPEN#${queue}`, gsi2sk: `${windowStart}#${callbackId}` });
/** Callback counters per day of the result (local date): planned, reached, satisfied, on time, unreachable, by reason. */
export const callbackCounter = (day: string) => ({ pk: 'QUALITY#CALLBACKS', sk: day });
/** The shift handover (issue 15): one item per acceptance, newest last (`<acceptedAt>#<lead>`). */
export const handover = (acceptedAt: string, acceptedBy: string) => ({ pk: 'HANDOVER', sk: `${acceptedAt}#${acceptedBy}` });
/** Quality (issue 15): the day's random sample of tickets an inspector reviews, one item per ticket. */
export const qualitySample = (day: string, ticketId: string) => ({ pk: `QUALITY#SAMPLE#${day}`, sk: ticketId });
/** Quality: review counters per sample day (reviewed and correct, non-query and query). */
export const qualityReviewCounter = (day: string) => ({ pk: 'QUALITY#REVIEWS', sk: day });
/** Quality: an outage's published information checked by an inspector (once), and the checks per day. */
export const outageCheck = (outageId: string) => ({ pk: `QUALITY#OUTAGECHECK#${outageId}`, sk: 'CHECK' });
export const outageCheckCounter = (day: string) => ({ pk: 'QUALITY#OUTAGECHECKS', sk: day });
/** Quality: an agent's monitoring and test-call scores and complaints for a month, as the inspector entered them. */
export const agentScores = (month: string, agentId: string) => ({ pk: `QUALITY#SCORES#${month}`, sk: agentId });
/** KPIs: one agent's handled calls of one local day (calls, talk, after-call work, transfers). */
export const kpiAgentDay = (day: string, agentId: string) => ({ pk: `KPIAGENT#${day}`, sk: agentId });
/** Voice (issue 3): failed PIN attempts and lockout of an account, next to its profile. */
export const pinAttempts = (accountNumber: string) => ({ pk: `CUSTOMER#${accountNumber}`, sk: 'PIN#ATTEMPTS' });
/** Voice: the latest bill summary of an account (balance, last bill), read after verification. */
export const latestBill = (accountNumber: string) => ({ pk: `CUSTOMER#${accountNumber}`, sk: 'BILL#LATEST' });
/** Voice: per-call IVR state (verification, fault draft) beside the contact item, expiring by TTL. */
export const callState = (contactKey: string, part: 'VERIFIED' | 'FAULT_DRAFT') => ({ pk: `CONTACT#${contactKey}`, sk: `IVR#${part}` });
/** KPIs (issue 3): aggregates of one interval (`PT15M`) starting at `start` (ISO instant). */
export const kpiInterval = (start: string) => ({ pk: 'KPI#PT15M', sk: start });
/** KPIs: one item per ingested contact record, so a redelivered record is not counted twice. */
export const kpiContactRecord = (contactId: string) => ({ pk: `KPICR#${contactId}`, sk: 'KPICR' });
/** KPIs: contacts of one caller, for repeat contacts within 7 days. */
export const kpiCallerContact = (caller: string, at: string) => ({ pk: `KPICALLER#${caller}`, sk: at });

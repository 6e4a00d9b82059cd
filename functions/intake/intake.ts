import { DEFAULT_ROUTING, routeTicket, type RoutingConfig } from '../workorders/routing';
import { openWorkOrder, type OrderReporter, type WorkOrder } from '../workorders/work-order';
import { isConfidentialType } from '../tickets/confidentiality';
import type { CalendarSource, WorkingCalendar } from '../tickets/calendar';
import { ticketNumber } from '../tickets/ticket-number';
import { ticketPriority } from '../tickets/priority';
import { dueInstants } from '../tickets/sla';
import type { Ticket, TicketType, TimelineEntry } from '../tickets/ticket';
import { outageCovering, suspicionCovering } from '../outages/outage';
import { clusterShard, DEFAULT_SUSPICION_SETTINGS, windowStart, type ClusterReport } from '../outages/suspicion';
import * as keys from '../shared/keys';
import { smsKeyword, type Classification, type Language } from './classify';
import { contactKey, type Contact } from './contact';
import { IntakeRetryExhaustedError } from './errors';
import type { IntakeOutcome, IntakePlan, IntakeRepository, OutageRegistry, SenderContext, StoredContact, ThreadPointer } from './ports';

export interface IntakeDeps {
  readonly repository: IntakeRepository;
  readonly outages: OutageRegistry;
  /** The working-day calendar, read only when a ticket opens (its due instants). */
  readonly calendar: CalendarSource;
  readonly timeZone: string;
  readonly threadWindowHours: number;
  /** Which department a new ticket's work order goes to (default: the demo province's, workorders/routing.ts). */
  readonly routing?: RoutingConfig;
  /**
   * Types a free-text contact: `classifyText` for SMS, e-mail and chat. Given
   * by the channel so that a function that never classifies text (the IVR's
   * keypad) does not carry the model in its bundle.
   */
  readonly classify: (text: string) => Classification;
  /** The suspicion window (`SUSPICION_WINDOW_MINUTES`): a network fault's cluster report is filed under it. */
  readonly suspicionWindowMinutes?: number;
}

export interface IntakeResult extends StoredContact {
  readonly contactKey: string;
  /** False when this delivery was a duplicate: nothing was written and no reply is due. */
  readonly firstDelivery: boolean;
}

/** How long a ticket summary may be; the full text stays on the timeline. */
export const SUMMARY_LENGTH = 280;
const MAX_ATTEMPTS = 5;

/**
 * Records one contact: it becomes a ticket, joins a ticket already open, or
 * joins a known outage, exactly once however often it is delivered.
 *
 * Primary course:
 * 1. Look up the sender (directory links, opt-out, open tickets): one read.
 * 2. STOP / START / HELP change the opt-out ledger and nothing else.
 * 3. Classify the text (type, confidence, triage, key fields). An unknown
 *    sender who quotes an account number is linked to that account: one more
 *    read, only then.
 * 4. A fault report from inside an active outage joins that outage (a network fault, a suspected one too;
 *    a network fault that opens its own ticket has the registry read again within a second, as a suspicion
 *    may open there now).
 * 5. Otherwise a message of the same type within the thread window joins the open ticket.
 * 6. Otherwise a new ticket, with priority (an emergency first), SLA due
 *    instants, the classifier's confidence and the key fields; a report is
 *    confidential.
 * 7. Everything is written in one transaction, conditional on the contact being new;
 *    a redelivery returns the stored outcome and writes nothing. The open-thread
 *    pointer is written only if it is still what was read: of two simultaneous
 *    messages of one sender and type, the second reads the sender again and joins
 *    the first's ticket.
 *
 * @example
 * const result = await recordContact(contact, deps);
 * if (result.outcome.kind === 'ticket_opened') reply(result.outcome.ticketId);
 */
export async function recordContact(contact: Contact, deps: IntakeDeps, options: RecordContactOptions = {}): Promise<IntakeResult> {
  const key = contactKey(contact);
  const partition = senderPartition(contact);
  // A channel that already read the sender (the IVR's outage check) passes it in: one look-up per contact.
  const loaded = options.sender?.partition === partition ? options.sender : await deps.repository.loadSender(partition);
  const keyword = contact.channel === 'sms' ? smsKeyword(contact.text) : undefined;
  const classification = keyword ? undefined : (options.classification ?? deps.classify(contact.text));
  // A sender the channel could not authenticate is nobody's customer and continues nothing by who it claims to be,
  // nor by an account it quotes.
  let sender = options.unverifiedSender ? { ...loaded, links: [], threads: [] } : await withQuotedAccount(loaded, classification, deps);
  // The pointers as stored, even where the sender may not join them: the commit is conditional on them.
  let pointers = loaded.threads;
  let ticketAttempt = 0;
  let ignoreThread = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = await planContact(contact, sender, deps, { ticketAttempt, ignoreThread, threadTo: options.threadTo, keyword, classification, pointers });
    const result = await deps.repository.commit(plan);
    switch (result.kind) {
      case 'committed':
        if (plan.change.kind === 'open_ticket' && plan.change.clusterReport) deps.outages.refreshSoon?.();
        return { contactKey: key, firstDelivery: true, outcome: plan.outcome, language: plan.language, replyAllowed: plan.replyAllowed };
      case 'duplicate':
        return { contactKey: key, firstDelivery: false, ...result.stored };
      case 'ticket_number_taken':
        ticketAttempt++;
        break;
      case 'thread_closed':
        ignoreThread = true;
        break;
      case 'thread_moved': {
        // A simultaneous message of this sender opened (or moved) the thread first: read the sender again and join it.
        const reread = await deps.repository.loadSender(partition);
        pointers = reread.threads;
        sender = options.unverifiedSender ? { ...reread, links: [], threads: [] } : { ...reread, ...('quoted' in sender && sender.quoted ? { quoted: sender.quoted } : {}) };
        ignoreThread = false;
        break;
      }
    }
  }
  throw new IntakeRetryExhaustedError(`contact ${key} could not be committed after ${MAX_ATTEMPTS} attempts`);
}

/** For channels that thread by their own evidence (e-mail headers, the ticket number in a subject). */
export interface RecordContactOptions {
  /**
   * The ticket this contact continues, or `null` for "not a continuation":
   * either way the sender-window rule (step 4) is skipped. A ticket that is
   * no longer open still makes a new one.
   */
  readonly threadTo?: { readonly ticketId: string; readonly ticketType: TicketType } | null;
  /** The sender as the channel already loaded it for this contact; used only if it is this contact's partition. */
  readonly sender?: SenderContext;
  /** The type as the channel already knows it (the IVR's keypad choice); the text is then not classified. */
  readonly classification?: Classification;
  /**
   * The channel could not authenticate the sender address (e-mail failing
   * SPF/DKIM/DMARC): no directory link is used (no account, no outage join,
   * no priority) and no open ticket of that sender is joined.
   */
  readonly unverifiedSender?: boolean;
}

/** The sender, or for an unknown sender who quotes a known account (not in a report: the account may be the reported party's), that account. */
async function withQuotedAccount(sender: SenderContext, classification: Classification | undefined, deps: IntakeDeps): Promise<SenderWithQuote> {
  const account = classification?.keyFields.account;
  if (sender.links.length > 0 || !account || classification.confidential) return sender;
  const quoted = await deps.repository.quotedAccount(account);
  return quoted ? { ...sender, quoted } : sender;
}

type SenderWithQuote = SenderContext & { readonly quoted?: SenderContext['links'][number] };

function senderPartition(contact: Contact): string {
  const { phone, email, chatSession } = contact.sender;
  if (phone) return keys.phonePartition(phone);
  if (email) return keys.emailPartition(email);
  return keys.chatPartition(chatSession ?? contact.providerMessageId);
}

async function planContact(
  contact: Contact,
  sender: SenderWithQuote,
  deps: IntakeDeps,
  options: {
    ticketAttempt: number;
    ignoreThread: boolean;
    threadTo?: RecordContactOptions['threadTo'];
    keyword: ReturnType<typeof smsKeyword>;
    classification: Classification | undefined;
    pointers: readonly ThreadPointer[];
  },
): Promise<IntakePlan> {
  const key = contactKey(contact);
  // A quoted account links the ticket and the outage; the reply stays in the sender's own language.
  const customer = sender.links[0] ?? sender.quoted;
  const language = sender.links[0]?.language ?? contact.language;
  const base = { contactKey: key, contact, senderPartition: sender.partition, accountNumber: customer?.accountNumber, language };
  const at = contact.receivedAt;

  const { keyword, classification } = options;
  if (keyword === 'stop') {
    const outcome: IntakeOutcome = { kind: sender.smsOptedOut ? 'already_opted_out' : 'opted_out' };
    // The confirmation is the one message a STOP may still get; a repeated STOP is not answered again.
    return { ...base, outcome, replyAllowed: !sender.smsOptedOut, change: { kind: 'opt_out', accounts: sender.links.map((l) => l.accountNumber) } };
  }
  if (keyword === 'start') {
    const outcome: IntakeOutcome = { kind: sender.smsOptedOut ? 'opted_in' : 'already_opted_in' };
    return { ...base, outcome, replyAllowed: true, change: { kind: 'opt_in', accounts: sender.links.map((l) => l.accountNumber) } };
  }
  // HELP is answered even after STOP: carriers require it, and it is what the customer asked for.
  if (keyword === 'help' || !classification) return { ...base, outcome: { kind: 'help' }, replyAllowed: true, change: { kind: 'none' } };
  const replyAllowed = !(contact.channel === 'sms' && sender.smsOptedOut);

  const { type } = classification;
  const entry: TimelineEntry = { at, kind: 'contact', ref: key, channel: contact.channel, text: contact.text };
  const links = sender.links.length > 0 ? sender.links : sender.quoted ? [sender.quoted] : [];

  if (type === 'fault_report' && links.length > 0) {
    const active = await deps.outages.listActive();
    for (const link of links) {
      const outage = outageCovering(active, link);
      if (outage) {
        return {
          ...base,
          accountNumber: link.accountNumber,
          outcome: { kind: 'outage_joined', outageId: outage.outageId, cause: outage.cause, etr: outage.etr },
          replyAllowed,
          change: { kind: 'join_outage', outageId: outage.outageId, reporter: { accountNumber: link.accountNumber, sender: sender.partition } },
        };
      }
    }
    // A suspected outage takes network faults only: an emergency keeps its own urgent dispatch, the customer's own wiring its advice.
    if (classification.triage === 'network') {
      for (const link of links) {
        const suspected = suspicionCovering(active, link);
        if (suspected) {
          return {
            ...base,
            accountNumber: link.accountNumber,
            outcome: { kind: 'outage_joined', outageId: suspected.outageId, cause: suspected.cause, etr: suspected.etr, suspected: true },
            replyAllowed,
            change: { kind: 'join_outage', outageId: suspected.outageId, reporter: { accountNumber: link.accountNumber, sender: sender.partition } },
          };
        }
      }
    }
  }

  const candidate = options.ignoreThread
    ? undefined
    : options.threadTo !== undefined
      ? (options.threadTo ?? undefined)
      : openThread(sender, type, new Date(at), deps.threadWindowHours);
  // Misconduct is never added to a ticket others may read: it opens a confidential ticket of its own.
  const thread = candidate && type === 'whistleblowing_report' && !isConfidentialType(candidate.ticketType) ? undefined : candidate;
  if (thread) {
    // A named thread keeps its ticket's type; the sender-window rule only ever matches the same type.
    const ticketType = options.threadTo?.ticketType ?? type;
    return {
      ...base,
      outcome: { kind: 'ticket_appended', ticketId: thread.ticketId, ticketType },
      replyAllowed,
      threadPointerWas: pointerOf(options.pointers, ticketType),
      change: { kind: 'append_to_ticket', ticketId: thread.ticketId, ticketType, entry },
    };
  }

  const ticket = openTicket(contact, classification, customer, deps, await deps.calendar.current(), options.ticketAttempt);
  return {
    ...base,
    outcome: { kind: 'ticket_opened', ticketId: ticket.ticketId, ticketType: type, ...(ticket.triage ? { triage: ticket.triage } : {}) },
    replyAllowed,
    threadPointerWas: pointerOf(options.pointers, ticket.type),
    change: {
      kind: 'open_ticket',
      ticket,
      entry,
      customerKey: customer?.accountNumber ?? openedBy(contact),
      ...withWorkOrderAndCluster(ticket, contact, sender, customer, language, deps),
    },
  };
}

/** The ticket's work order and, for a network fault of a customer under a known transformer, the report the cluster watch counts. */
function withWorkOrderAndCluster(
  ticket: Ticket,
  contact: Contact,
  sender: SenderContext,
  customer: SenderContext['links'][number] | undefined,
  language: Language,
  deps: IntakeDeps,
): { workOrder?: WorkOrder; clusterReport?: NonNullable<Extract<IntakePlan['change'], { kind: 'open_ticket' }>['clusterReport']> } {
  const workOrder = workOrderFor(ticket, contact.sender.phone, customer, language, deps);
  if (ticket.type !== 'fault_report' || ticket.triage !== 'network' || !customer?.transformer) return { workOrder };
  const report: ClusterReport = {
    contactKey: contactKey(contact),
    accountNumber: customer.accountNumber,
    transformer: customer.transformer,
    feeder: customer.feeder,
    area: customer.area,
    ticketId: ticket.ticketId,
    ...(workOrder ? { orderId: workOrder.orderId } : {}),
    sender: sender.partition,
    language,
    reportedAt: contact.receivedAt,
    ...(ticket.due.crewOnSite ? { crewDue: ticket.due.crewOnSite } : {}),
  };
  const window = windowStart(contact.receivedAt, deps.suspicionWindowMinutes ?? DEFAULT_SUSPICION_SETTINGS.windowMinutes);
  return { workOrder, clusterReport: { report, windowStart: window, shard: clusterShard(report.contactKey) } };
}

/** The new ticket's work order to its routed department, written in the same transaction (none for suggestions and praise). */
function workOrderFor(ticket: Ticket, phone: string | undefined, customer: SenderContext['links'][number] | undefined, language: Language, deps: IntakeDeps): WorkOrder | undefined {
  const area = customer?.area;
  const departmentId = routeTicket(deps.routing ?? DEFAULT_ROUTING, { type: ticket.type, area, triage: ticket.triage });
  if (!departmentId) return undefined;
  // Who the centre texts about the order (dispatch, answer): a reporter who wrote from a phone (the channel checked it is E.164), never for a confidential report.
  const reporter: OrderReporter | undefined =
    !ticket.confidential && phone
      ? { phone, language, accountNumber: customer?.accountNumber, important: customer?.important ?? false, customerType: customer?.customerType ?? 'residential' }
      : undefined;
  return openWorkOrder(ticket, departmentId, area, reporter);
}

/** The ticket the stored pointer of this type names, or `null` when there is none. */
function pointerOf(pointers: readonly ThreadPointer[], type: TicketType): string | null {
  return pointers.find((p) => p.ticketType === type)?.ticketId ?? null;
}

/**
 * Threading rule: a message from a sender who has an open ticket of the same
 * type, last touched within the window, joins that ticket.
 */
export function openThread(sender: SenderContext, type: TicketType, at: Date, windowHours: number) {
  const thread = sender.threads.find((t) => t.ticketType === type);
  if (!thread) return undefined;
  const ageMs = at.getTime() - new Date(thread.lastContactAt).getTime();
  return ageMs <= windowHours * 3_600_000 ? thread : undefined;
}

function openedBy(contact: Contact): string {
  return contact.sender.phone ?? contact.sender.email ?? contact.sender.chatSession ?? 'anonymous';
}

function openTicket(
  contact: Contact,
  classification: Classification,
  customer: SenderContext['links'][number] | undefined,
  deps: IntakeDeps,
  calendar: WorkingCalendar,
  attempt: number,
): Ticket {
  const receivedAt = new Date(contact.receivedAt);
  const { type, keyFields } = classification;
  return {
    ticketId: ticketNumber(contactKey(contact), receivedAt, deps.timeZone, attempt),
    type,
    status: 'new',
    priority: ticketPriority({ important: customer?.important ?? false, type, emergency: classification.emergency }),
    channel: contact.channel,
    accountNumber: customer?.accountNumber,
    openedBy: openedBy(contact),
    summary: contact.text.length > SUMMARY_LENGTH ? `${contact.text.slice(0, SUMMARY_LENGTH - 1)}…` : contact.text,
    createdAt: contact.receivedAt,
    updatedAt: contact.receivedAt,
    due: dueInstants({ type, openedAt: receivedAt, calendar }),
    confidential: isConfidentialType(type) || classification.confidential,
    classifierConfidence: classification.confidence,
    needsReview: classification.needsReview,
    ...(classification.triage ? { triage: classification.triage } : {}),
    ...(Object.keys(keyFields).length > 0 ? { keyFields } : {}),
  };
}

/**
 * A report that joined a suspected outage grid operations rejected becomes
 * its own fault ticket with its work order, its clocks running from when the
 * customer reported (not from the rejection). Once per report: a repeat finds
 * the report marked and answers `undefined`.
 *
 * @example
 * const ticketId = await reopenReportAsTicket({ outageId, contactKey: 'sms#abc', accountNumber: '3300000001' }, deps);
 */
export async function reopenReportAsTicket(report: { outageId: string; contactKey: string; accountNumber?: string }, deps: IntakeDeps): Promise<string | undefined> {
  const contact = await deps.repository.recordedContact(report.contactKey);
  if (!contact) return undefined;
  const customer = report.accountNumber ? await deps.repository.quotedAccount(report.accountNumber) : undefined;
  // It was a fault report when it joined; the type stays, the classifier only adds confidence, triage and key fields.
  const classification = { ...deps.classify(contact.text), type: 'fault_report' as const };
  const language = customer?.language ?? contact.language;
  const calendar = await deps.calendar.current();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ticket = openTicket(contact, classification, customer, deps, calendar, attempt);
    const entry: TimelineEntry = { at: contact.receivedAt, kind: 'contact', ref: report.contactKey, channel: contact.channel, text: contact.text };
    const workOrder = workOrderFor(ticket, contact.sender.phone, customer, language, deps);
    const result = await deps.repository.commitReportTicket({
      outageId: report.outageId,
      contactKey: report.contactKey,
      ticket,
      entry,
      customerKey: customer?.accountNumber ?? openedBy(contact),
      ...(workOrder ? { workOrder } : {}),
    });
    if (result === 'committed') return ticket.ticketId;
    if (result === 'already') return undefined;
  }
  throw new IntakeRetryExhaustedError(`report ${report.contactKey} could not become a ticket after ${MAX_ATTEMPTS} attempts`);
}

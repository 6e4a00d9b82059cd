import { verifyPin } from '../customers/pin';
import { checkPinWithLockout, type PinAttemptLedger, type PinLockoutPolicy } from '../customers/pin-lockout';
import { recordContact, type IntakeDeps, type RecordContactOptions } from '../intake/intake';
import * as keys from '../shared/keys';
import type { IntakeOutcome, OutageRegistry } from '../intake/ports';
import { outageCovering, type Outage } from '../outages/outage';
import type { BillSummary } from '../customers/bill-summary';
import { areaOfAddress } from './areas';
import { ChatNotVerifiedError, ChatPinLockedError, ChatRateLimitedError, ChatRequestError, ChatVerificationFailedError } from './errors';
import type { AgentHandover, ChatDirectory, ChatStore } from './ports';

type Language = 'zh-CN' | 'en';

/** Requests per minute: one session (a person typing) and one client address (a building behind one NAT). */
export const SESSION_REQUESTS_PER_MINUTE = 20;
export const ADDRESS_REQUESTS_PER_MINUTE = 120;
/** How long a PIN verification lasts in a chat session. */
export const VERIFICATION_MINUTES = 30;

export interface ChatDeps {
  readonly intake: IntakeDeps;
  readonly outages: OutageRegistry;
  readonly store: ChatStore;
  readonly directory: ChatDirectory;
  /** The account's PIN attempts, shared with voice: the lockout is per account, not per session. */
  readonly pinAttempts: PinAttemptLedger;
  readonly pinLockout: PinLockoutPolicy;
  readonly agents: AgentHandover;
  readonly now: () => Date;
}

/** What the page shows after a contact: a ticket number, or the outage it joined. */
export interface ChatContactResult {
  readonly outcome: IntakeOutcome['kind'];
  readonly ticketId?: string;
  readonly outage?: { readonly cause: string; readonly etr: string };
  readonly duplicate: boolean;
}

/**
 * Counts the request against the session's and the client address's limits.
 * Throws ChatRateLimitedError (429) when either is reached.
 */
export async function admitRequest(sessionId: string | undefined, sourceIp: string, deps: ChatDeps): Promise<void> {
  const now = deps.now();
  const windows = [
    { subject: `ip:${sourceIp}`, limit: ADDRESS_REQUESTS_PER_MINUTE, windowSeconds: 60 },
    ...(sessionId ? [{ subject: `session:${sessionId}`, limit: SESSION_REQUESTS_PER_MINUTE, windowSeconds: 60 }] : []),
  ];
  for (const window of windows) {
    if (!(await deps.store.countRequest(window, now))) {
      throw new ChatRateLimitedError(`too many requests from this ${window.subject.split(':')[0]}; wait a minute`, secondsToWindowEnd(now, window.windowSeconds));
    }
  }
}

/**
 * Outage status for an account (its feeder, then area) or an address (its
 * area). Discloses only what any caller may hear: cause and restoration time;
 * an unknown account gets the same answer as a known one outside any outage.
 *
 * @example
 * await outageStatus({ accountNumber: '3301001234', language: 'en' }, deps); // { outage: { cause, etr, kind } } or { outage: null }
 */
export async function outageStatus(request: { accountNumber?: string; address?: string; language?: Language }, deps: ChatDeps) {
  const language = request.language ?? 'zh-CN';
  const active = await deps.outages.listActive();
  let outage: Outage | undefined;
  if (request.accountNumber) {
    const customer = await deps.directory.customer(request.accountNumber);
    // An unknown account answers like a known one without an outage: the chat must not confirm which accounts exist.
    outage = customer ? outageCovering(active, customer) : undefined;
  } else if (request.address) {
    const area = areaOfAddress(request.address);
    if (!area) throw new ChatRequestError('the address names no district we serve; give the district (e.g. 西湖区) or the account number', 'address_not_recognised');
    outage = active.filter((o) => o.status === 'active').find((o) => o.areas.includes(area) || o.feeders.some((f) => f.startsWith(`${area}-`)));
  } else {
    throw new ChatRequestError('give an account number or an address', 'account_or_address_required');
  }
  return outage ? { outage: { cause: outage.cause[language], etr: outage.etr, kind: outage.kind } } : { outage: null };
}

/**
 * A fault report typed into the chat: a contact on the chat channel keyed by
 * the client's message id, so a resent message returns the same ticket.
 */
export async function reportFault(
  request: { sessionId: string; clientMessageId: string; text: string; address?: string; language?: Language },
  deps: ChatDeps,
): Promise<ChatContactResult> {
  // The address goes on the ticket with the symptom, as the agent would read it back.
  const text = request.address ? `${request.text}\n地址/Address: ${request.address}` : request.text;
  return chatContact(request, `【故障报修 fault report】${text}`, deps);
}

/**
 * Verifies the account PIN for this session, under the account's lockout
 * shared with voice (the session id is the caller's choice, so it limits nothing).
 *
 * @example
 * await verifyAccount({ sessionId, accountNumber: '3301001234', pin: '1234' }, deps); // { verified: true, expiresAt }
 */
export async function verifyAccount(request: { sessionId: string; accountNumber: string; pin: string }, deps: ChatDeps): Promise<{ verified: true; expiresAt: string }> {
  const now = deps.now();
  const customer = await deps.directory.customer(request.accountNumber);
  // An unknown account is counted and locked like a known one: the chat must not confirm which accounts exist.
  const check = await checkPinWithLockout(deps.pinAttempts, request.accountNumber, () => (customer?.pinHash ? verifyPin(request.pin, customer.pinHash) : false), now, deps.pinLockout);
  if (check.result === 'locked') throw new ChatPinLockedError(Math.max(1, Math.ceil((check.lockedUntil.getTime() - now.getTime()) / 1000)));
  if (check.result === 'wrong') throw new ChatVerificationFailedError();
  const expiresAt = new Date(now.getTime() + VERIFICATION_MINUTES * 60_000);
  await deps.store.saveVerification(request.sessionId, request.accountNumber, expiresAt);
  return { verified: true, expiresAt: expiresAt.toISOString() };
}

/** A bill question from a verified session: the latest bill summary, and the question on a ticket. */
export async function billQuestion(request: { sessionId: string; clientMessageId: string; text: string; language?: Language }, deps: ChatDeps) {
  const account = await deps.store.verifiedAccount(request.sessionId, deps.now());
  if (!account) throw new ChatNotVerifiedError();
  const bill = await deps.directory.latestBill(account);
  const contact = await chatContact(request, `【电费查询 bill question】${request.text}`, deps);
  return { ...contact, bill: bill ? billView(bill) : null };
}

/**
 * "Talk to an agent": the conversation so far goes onto a ticket (the
 * session's open one, or a new one), then an Amazon Connect chat starts with
 * the ticket number as a contact attribute.
 */
export async function talkToAgent(
  request: { sessionId: string; clientMessageId: string; transcript: { from: 'customer' | 'bot'; text: string }[]; displayName?: string; language?: Language },
  deps: ChatDeps,
) {
  const transcript = request.transcript.map((line) => `${line.from === 'customer' ? '客户/customer' : '助手/bot'}: ${line.text}`).join('\n');
  // The hand-over continues the session's latest ticket, whatever type the transcript reads as.
  const sender = await deps.intake.repository.loadSender(keys.chatPartition(request.sessionId));
  const latest = [...sender.threads].sort((a, b) => b.lastContactAt.localeCompare(a.lastContactAt))[0];
  const threadTo = latest ? { ticketId: latest.ticketId, ticketType: latest.ticketType } : undefined;
  const contact = await chatContact(request, `【转人工 agent requested】\n${transcript}`, deps, threadTo);
  if (!contact.ticketId) {
    // Inside a known outage the report joined the outage; the agent still gets a ticket to look at.
    throw new ChatRequestError('this session has no ticket to hand over', 'no_ticket');
  }
  const language = request.language ?? 'zh-CN';
  const agent = await deps.agents.start({
    ticketId: contact.ticketId,
    sessionId: request.sessionId,
    displayName: request.displayName?.trim() || (language === 'en' ? 'Customer' : '客户'),
    language,
    clientToken: request.clientMessageId,
  });
  return { ...contact, agent };
}

async function chatContact(
  request: { sessionId: string; clientMessageId: string; language?: Language },
  text: string,
  deps: ChatDeps,
  threadTo?: RecordContactOptions['threadTo'],
): Promise<ChatContactResult> {
  const result = await recordContact(
    {
      channel: 'chat',
      providerMessageId: `${request.sessionId}:${request.clientMessageId}`,
      sender: { chatSession: request.sessionId },
      receiver: 'web-chat',
      receivedAt: deps.now().toISOString(),
      language: request.language ?? 'zh-CN',
      text,
      attachments: [],
      rawRef: 'inline',
    },
    deps.intake,
    threadTo ? { threadTo } : {},
  );
  const { outcome } = result;
  const language = request.language ?? result.language;
  return {
    outcome: outcome.kind,
    duplicate: !result.firstDelivery,
    ...('ticketId' in outcome ? { ticketId: outcome.ticketId } : {}),
    ...(outcome.kind === 'outage_joined' ? { outage: { cause: outcome.cause[language], etr: outcome.etr } } : {}),
  };
}

function billView(bill: BillSummary) {
  return { period: bill.period, kwh: bill.kwh, amountYuan: (bill.billAmountFen / 100).toFixed(2), balanceDueYuan: (bill.balanceDueFen / 100).toFixed(2), dueDate: bill.dueDate };
}

function secondsToWindowEnd(now: Date, windowSeconds: number): number {
  const seconds = Math.floor(now.getTime() / 1000);
  return windowSeconds - (seconds % windowSeconds);
}

import { detectLanguage } from '../intake/classify';
import type { Contact } from '../intake/contact';
import { recordContact, type IntakeDeps, type IntakeResult } from '../intake/intake';
import * as keys from '../shared/keys';
import { automatedMailReason } from './loop-protection';
import { parseEmail, type ParsedEmail } from './mime';
import type { AttachmentStore, EmailSender, EmailThread, EmailThreadRepository, RawMailStore } from './ports';
import { DEFAULT_PAID_REPAIR_VISIT_YUAN } from '../shared/config';
import { emailAcknowledgement } from './replies';
import { acknowledgementAddress, fromIsAuthenticated } from './sender-trust';
import { decideThread, referencedIds, subjectHash, ticketNumberInSubject, type ThreadDecision } from './threading';

/** Attachments larger than this are not kept (SES accepts mail up to 40 MB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Attachments kept per message, and their total size. */
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENTS_TOTAL_BYTES = 25 * 1024 * 1024;
/** The contact text is the subject plus the body, cut to this (the timeline keeps it; the raw MIME stays in S3). */
export const MAX_EMAIL_TEXT_CHARS = 19_000;

/** What SES says about a received message (the receipt part of the event). */
export interface ReceivedEmail {
  readonly sesMessageId: string;
  /** Envelope sender (MAIL FROM); empty for bounces. */
  readonly envelopeSender: string;
  readonly recipients: readonly string[];
  /** When the centre received it (`receiptTime`: SES's timestamp if plausible, else the invocation's time). */
  readonly receivedAt: string;
  /** SES's receipt timestamp as given. */
  readonly providerTimestamp?: string;
  readonly verdicts: { readonly spam: string; readonly virus: string; readonly spf: string; readonly dkim: string; readonly dmarc: string };
}

export interface EmailIntakeDeps {
  readonly intake: IntakeDeps;
  readonly rawMail: RawMailStore;
  readonly attachments: AttachmentStore;
  readonly threads: EmailThreadRepository;
  readonly sender: EmailSender;
  /** The addresses the service sends from; with the receipt's recipients, never acknowledged to. */
  readonly serviceAddresses: readonly string[];
  readonly timeZone: string;
  /** The paid home-repair visit's price the acknowledgement states (stage config). @default DEFAULT_PAID_REPAIR_VISIT_YUAN */
  readonly paidRepairVisitYuan?: number;
  readonly threadWindowHours: number;
}

/** What happened to one e-mail; ids only (it is logged). */
export type EmailOutcome =
  | { readonly kind: 'quarantined'; readonly reason: 'spam' | 'virus' }
  | { readonly kind: 'held_automated'; readonly reason: string }
  | {
      readonly kind: 'recorded';
      readonly result: IntakeResult;
      readonly thread: ThreadDecision['via'];
      readonly automated?: string;
      /** Whether the From is authenticated (SPF/DKIM/DMARC, sender-trust.ts). */
      readonly senderAuthenticated: boolean;
      readonly acknowledged: boolean;
      readonly attachmentsKept: number;
      readonly attachmentsSkipped: number;
      /** Set when the acknowledgement could not be sent; the caller keeps it for replay. */
      readonly unsentAcknowledgement?: { readonly to: string; readonly subject: string; readonly text: string; readonly error: unknown };
    };

/**
 * Records one received e-mail, exactly once per SES message id.
 *
 * Primary course:
 * 1. Spam or virus verdict FAIL: keep an audit record (the raw mail stays in
 *    the encrypted bucket), no ticket, no answer.
 * 2. Read the raw MIME and decode it (charsets, HTML-only mail); mail that
 *    cannot be parsed throws UnreadableMailError (kept, not retried).
 * 3. Decide whether the From is authenticated (sender-trust.ts). Find the
 *    ticket it continues: the ticket number in the subject, then Message-ID
 *    references, then same sender and subject (threading.ts); unauthenticated
 *    mail by Message-ID only, and it is linked to no account.
 * 4. Mail sent by a machine (auto-reply, bounce, list) that continues no
 *    ticket is held, not made a ticket; it is never answered.
 * 5. Keep attachments within the limits; record the contact through intake
 *    (one transaction; a redelivery changes nothing).
 * 6. Remember the message ids, participants and subject for later replies.
 * 7. Acknowledge a new ticket (or a joined outage) once, to a person only,
 *    only when the From is authenticated, to Reply-To (else From), never to
 *    the service's own addresses or to something that is not an address.
 *
 * @example
 * const outcome = await receiveEmail(received, deps);
 */
export async function receiveEmail(received: ReceivedEmail, deps: EmailIntakeDeps): Promise<EmailOutcome> {
  const rawRef = deps.rawMail.location(received.sesMessageId);
  const verdicts = { ...received.verdicts };
  if (isFail(received.verdicts.virus) || isFail(received.verdicts.spam)) {
    const reason = isFail(received.verdicts.virus) ? 'virus' : 'spam';
    await deps.threads.hold({ sesMessageId: received.sesMessageId, reason, rawRef, receivedAt: received.receivedAt, verdicts });
    return { kind: 'quarantined', reason };
  }

  const mail = await parseEmail(await deps.rawMail.read(received.sesMessageId));
  const sender = mail.from?.address ?? received.envelopeSender.toLowerCase();
  const senderPartition = keys.emailPartition(sender);
  const authenticated = fromIsAuthenticated(received.verdicts, mail.from?.address, received.envelopeSender);
  const automated = automatedMailReason(mail, received.envelopeSender);
  const decision = await findThread(mail, sender, senderPartition, authenticated, received.receivedAt, deps);
  if (automated && decision.via === 'new') {
    await deps.threads.hold({ sesMessageId: received.sesMessageId, reason: 'automated', rawRef, receivedAt: received.receivedAt, verdicts });
    return { kind: 'held_automated', reason: automated };
  }

  const kept = await keepAttachments(received.sesMessageId, mail, deps.attachments);
  const contact = emailContact(received, mail, sender, rawRef, kept.refs);
  const result = await recordContact(contact, deps.intake, {
    threadTo: decision.via === 'new' ? null : { ticketId: decision.ticketId, ticketType: decision.ticketType },
    unverifiedSender: !authenticated,
  });

  const ticket = 'ticketId' in result.outcome ? { ticketId: result.outcome.ticketId, ticketType: result.outcome.ticketType } : undefined;
  if (ticket) {
    const earlier = await deps.threads.thread(ticket.ticketId);
    // An unauthenticated From (and whoever it copied) does not become a participant: participants may later thread by ticket number.
    const addresses = authenticated ? [sender, ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address)] : [];
    const participants = new Set([...(earlier?.participants ?? []), ...addresses]);
    // The service's own addresses are on every thread; they prove nothing about who a sender is.
    for (const recipient of received.recipients) participants.delete(recipient.toLowerCase());
    const thread: EmailThread = { ...ticket, participants: [...participants].sort() };
    await deps.threads.remember({
      thread,
      messageIds: mail.messageId ? [mail.messageId] : [],
      ...(authenticated ? { senderPartition } : {}),
      subjectHash: subjectHash(mail.subject),
      at: received.receivedAt,
    });
  }

  const base = {
    kind: 'recorded' as const,
    result,
    thread: decision.via,
    automated,
    senderAuthenticated: authenticated,
    attachmentsKept: kept.refs.length,
    attachmentsSkipped: kept.skipped,
  };
  const answer = authenticated && result.firstDelivery && !automated && result.replyAllowed && (result.outcome.kind === 'ticket_opened' || result.outcome.kind === 'outage_joined');
  const to = answer ? acknowledgementAddress({ replyTo: mail.replyTo.map((a) => a.address), from: mail.from?.address }, [...deps.serviceAddresses, ...received.recipients]) : undefined;
  if (!to) return { ...base, acknowledged: false };
  const ack = emailAcknowledgement(result.outcome, result.language, mail.subject, deps.timeZone, deps.paidRepairVisitYuan ?? DEFAULT_PAID_REPAIR_VISIT_YUAN);
  try {
    await deps.sender.send({ to, ...ack, inReplyTo: mail.messageId, references: [...mail.references, ...(mail.messageId ? [mail.messageId] : [])].slice(-MAX_REFERENCES) });
    return { ...base, acknowledged: true };
  } catch (error) {
    return { ...base, acknowledged: false, unsentAcknowledgement: { to, ...ack, error } };
  }
}

const MAX_REFERENCES = 10;

function isFail(status: string): boolean {
  return status.toUpperCase() === 'FAIL';
}

async function findThread(mail: ParsedEmail, sender: string, senderPartition: string, authenticated: boolean, receivedAt: string, deps: EmailIntakeDeps): Promise<ThreadDecision> {
  const number = authenticated ? ticketNumberInSubject(mail.subject) : undefined;
  const ids = referencedIds(mail);
  const [subjectTicket, known, sameSubject] = await Promise.all([
    number ? deps.threads.thread(number) : undefined,
    ids.length > 0 ? deps.threads.ticketsOfMessages(ids) : new Map<string, string>(),
    authenticated ? deps.threads.ticketOfSubject(senderPartition, subjectHash(mail.subject)) : undefined,
  ]);
  const referencedTicket = ids.map((id) => known.get(id)).find((id): id is string => id !== undefined);
  const [referencedThread, sameSubjectThread] = await Promise.all([
    referencedTicket ? deps.threads.thread(referencedTicket) : undefined,
    sameSubject ? deps.threads.thread(sameSubject.ticketId) : undefined,
  ]);
  return decideThread({
    sender,
    senderAuthenticated: authenticated,
    subject: mail.subject,
    receivedAt,
    subjectTicket,
    referenced: referencedThread ? [referencedThread] : [],
    sameSubject: sameSubject && sameSubjectThread ? { thread: sameSubjectThread, lastAt: sameSubject.lastAt } : undefined,
    windowHours: deps.threadWindowHours,
  });
}

async function keepAttachments(sesMessageId: string, mail: ParsedEmail, store: AttachmentStore): Promise<{ refs: string[]; skipped: number }> {
  const refs: string[] = [];
  let total = 0;
  let skipped = 0;
  for (const [index, attachment] of mail.attachments.entries()) {
    const fits = refs.length < MAX_ATTACHMENTS && attachment.size <= MAX_ATTACHMENT_BYTES && total + attachment.size <= MAX_ATTACHMENTS_TOTAL_BYTES;
    if (!fits) {
      skipped++;
      continue;
    }
    total += attachment.size;
    refs.push(await store.put(`attachments/${sesMessageId}/${index + 1}-${safeFileName(attachment.filename)}`, attachment.content, attachment.contentType));
  }
  return { refs, skipped };
}

/** A file name safe in an S3 key and a path: no separators, no control characters, bounded. */
function safeFileName(name: string): string {
  const cleaned = name.normalize('NFKC').replace(/[\\/\p{Cc}]+/gu, '_').replace(/^\.+/, '_').trim();
  return (cleaned || 'attachment').slice(-100);
}

function emailContact(received: ReceivedEmail, mail: ParsedEmail, sender: string, rawRef: string, attachments: string[]): Contact {
  const body = mail.text
    .split('\n')
    // Quoted earlier messages are on the timeline already.
    .filter((line) => !line.startsWith('>'))
    .join('\n')
    .trim();
  const text = [mail.subject, body].filter((part) => part !== '').join('\n\n').slice(0, MAX_EMAIL_TEXT_CHARS);
  return {
    channel: 'email',
    providerMessageId: received.sesMessageId,
    sender: { email: sender },
    receiver: (received.recipients[0] ?? '').slice(0, 320),
    receivedAt: received.receivedAt,
    providerTimestamp: received.providerTimestamp,
    language: detectLanguage(text, 'zh-CN'),
    text,
    attachments,
    authentication: { spf: received.verdicts.spf, dkim: received.verdicts.dkim, dmarc: received.verdicts.dmarc },
    rawRef,
  };
}

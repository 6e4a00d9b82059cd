import type { TicketType } from '../tickets/ticket';

/** Where SES's S3 action stored a message: `<prefix><SES messageId>` in the mail bucket. */
export interface RawMailStore {
  /** The raw MIME; throws RawMailMissingError when it is not there. */
  read(sesMessageId: string): Promise<Uint8Array>;
  /** The URI recorded on the contact (`s3://bucket/key`, or a file path locally). */
  location(sesMessageId: string): string;
}

/** Where attachments are kept (the mail bucket under `attachments/`). */
export interface AttachmentStore {
  /** Stores one attachment and returns its URI. Same key, same content: safe to repeat on redelivery. */
  put(key: string, content: Uint8Array, contentType: string): Promise<string>;
}

/** The e-mail side of a ticket: who takes part, and under which subject and type. */
export interface EmailThread {
  readonly ticketId: string;
  readonly ticketType: TicketType;
  /** Lower-case addresses: the senders, To and Cc of every message on the thread. */
  readonly participants: readonly string[];
}

export interface EmailThreadRepository {
  thread(ticketId: string): Promise<EmailThread | undefined>;
  /** Ticket ids by Message-ID, for the ids that are known. */
  ticketsOfMessages(messageIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** The last ticket this sender opened or continued under this subject. */
  ticketOfSubject(senderPartition: string, subjectHash: string): Promise<{ readonly ticketId: string; readonly lastAt: string } | undefined>;
  /** Records a message on a ticket's thread: its ids, the participants, the sender's subject. Idempotent. */
  remember(entry: {
    readonly thread: EmailThread;
    readonly messageIds: readonly string[];
    /** The sender's partition for the subject fallback; absent when the From is not authenticated. */
    readonly senderPartition?: string;
    readonly subjectHash: string;
    readonly at: string;
  }): Promise<void>;
  /** Keeps an audit record of mail that made no ticket (quarantined or automated). No body, no addresses. */
  hold(record: HeldMail): Promise<void>;
}

export interface HeldMail {
  readonly sesMessageId: string;
  readonly reason: 'spam' | 'virus' | 'automated';
  readonly rawRef: string;
  readonly receivedAt: string;
  readonly verdicts: Readonly<Record<string, string>>;
}

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Threading headers, so the customer's client shows the answer under their mail. */
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<void>;
}

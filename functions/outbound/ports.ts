import type { Notice, NoticeChannel } from './notice';

/** How a notice went out: the provider's id for it (SNS message id, Connect contact id) comes back on its delivery receipt. */
export interface SentBy {
  readonly channel: NoticeChannel;
  readonly providerMessageId: string | undefined;
}

/** The outbox, as the dispatcher sees it. Every write is conditional on the attempt it belongs to. */
export interface NoticeStore {
  get(noticeId: string): Promise<Notice | undefined>;
  /** Several notices in one read (strongly consistent, as `get`), by id; ids with no notice are absent. */
  getMany(noticeIds: readonly string[]): Promise<ReadonlyMap<string, Notice>>;
  /**
   * Takes the notice for one attempt: succeeds only if it is still pending or
   * retrying with `expectedAttempts` attempts and no other worker holds an
   * unexpired claim. Returns false when another worker got there first.
   */
  claim(noticeId: string, expectedAttempts: number, now: Date, claimUntil: Date): Promise<boolean>;
  markSent(noticeId: string, attempt: number, at: Date, sent: SentBy): Promise<void>;
  markRetrying(noticeId: string, attempt: number, at: Date, notBefore: Date, lastError: string): Promise<void>;
  markUnreachable(noticeId: string, attempt: number, at: Date, lastError: string): Promise<void>;
  /** Not sent at all (opt-out): only from pending or retrying with the attempts seen. */
  markSuppressed(noticeId: string, expectedAttempts: number, at: Date): Promise<boolean>;
  /** Quiet hours: move notBefore without spending an attempt. */
  defer(noticeId: string, expectedAttempts: number, notBefore: Date): Promise<boolean>;
}

/** What happens to a sent notice the provider could not deliver: another attempt later, or the unreachable list. */
export type AfterFailure = { readonly status: 'retrying'; readonly notBefore: Date } | { readonly status: 'unreachable' };

/** The outbox, as delivery receipts see it. Writes apply only to a notice still `sent` for the attempt the receipt is about. */
export interface ReceiptStore {
  /** The notice the provider's id was returned for, if any (a reply to an inbound text has none). */
  byDelivery(channel: Notice['channel'], providerMessageId: string): Promise<Notice | undefined>;
  markDelivered(noticeId: string, attempt: number, at: Date): Promise<boolean>;
  markUndelivered(noticeId: string, attempt: number, at: Date, next: AfterFailure, lastError: string): Promise<boolean>;
}

export interface OptOutLedger {
  /** True when the number must not get this channel (STOP covers SMS and calls; a voice opt-out covers calls). */
  isOptedOut(e164: string, channel: NoticeChannel): Promise<boolean>;
  /** `isOptedOut` for several recipients in one read, verdicts in their order. */
  areOptedOut(recipients: readonly { readonly to: string; readonly channel: NoticeChannel }[]): Promise<boolean[]>;
}

export interface SmsSender {
  send(to: string, text: string): Promise<string | undefined>;
}

export interface VoiceCaller {
  /** `clientToken` is deterministic per notice and attempt, so a retried request never places a second call. */
  call(to: string, script: string, clientToken: string, attributes: Readonly<Record<string, string>>): Promise<string | undefined>;
}

/** Where a customer goes after three failed attempts (billing: the unreachable list). */
export interface UnreachableReporter {
  report(notice: Notice, at: Date): Promise<void>;
}

/**
 * Paces sends at a provider's rate. `take` waits for the tokens (SMS parts,
 * or one call) and grants them; the rate is counted from the instant the
 * grant is marked sent, so the sender marks it as it calls the provider.
 */
export interface Pacer {
  take(tokens: number): Promise<PacerGrant>;
}

/** Tokens a pacer granted: spent by a send, or handed back unused. Settling twice changes nothing. */
export interface PacerGrant {
  /** The message goes now: its tokens come back one second from this instant. */
  sent(): void;
  /** The message will not go: its tokens come back at once. */
  release(): void;
}

/**
 * Notices for important customers (hospitals, water works, ...) wait on the
 * priority lane, everyone else's on the bulk lane; a dispatcher takes the
 * priority lane empty before its own bulk batch.
 */
export type Lane = 'priority' | 'bulk';

/** One message taken from a lane: `id` identifies it to that lane (an SQS message id or receipt handle). */
export interface LaneMessage {
  readonly id: string;
  readonly body: string;
}

/** The dispatch queue, as the dispatcher sees it. */
export interface DispatchLanes {
  /** Up to `max` waiting priority messages, without waiting for more to arrive. */
  takePriority(max: number): Promise<LaneMessage[]>;
  /** A priority message that is done with (sent, or not retryable): it leaves the lane. */
  acknowledge(message: LaneMessage): Promise<void>;
  /** Puts the notice back on its lane, to be seen again at `at`. */
  requeue(noticeId: string, lane: Lane, at: Date, now: Date): Promise<void>;
}

import type { Notice, NoticeChannel } from './notice';

/** The outbox, as the dispatcher sees it. Every write is conditional on the attempt it belongs to. */
export interface NoticeStore {
  get(noticeId: string): Promise<Notice | undefined>;
  /**
   * Takes the notice for one attempt: succeeds only if it is still pending or
   * retrying with `expectedAttempts` attempts and no other worker holds an
   * unexpired claim. Returns false when another worker got there first.
   */
  claim(noticeId: string, expectedAttempts: number, now: Date, claimUntil: Date): Promise<boolean>;
  markSent(noticeId: string, attempt: number, at: Date, providerMessageId: string | undefined): Promise<void>;
  markRetrying(noticeId: string, attempt: number, at: Date, notBefore: Date, lastError: string): Promise<void>;
  markUnreachable(noticeId: string, attempt: number, at: Date, lastError: string): Promise<void>;
  /** Not sent at all (opt-out): only from pending or retrying with the attempts seen. */
  markSuppressed(noticeId: string, expectedAttempts: number, at: Date): Promise<boolean>;
  /** Quiet hours: move notBefore without spending an attempt. */
  defer(noticeId: string, expectedAttempts: number, notBefore: Date): Promise<boolean>;
}

export interface OptOutLedger {
  /** True when the number must not get this channel (STOP covers SMS and calls; a voice opt-out covers calls). */
  isOptedOut(e164: string, channel: NoticeChannel): Promise<boolean>;
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

export interface Pacer {
  take(tokens: number): Promise<void>;
}

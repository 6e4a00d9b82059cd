/**
 * Sending one notice from the outbox (ARCHITECTURE.md, "Outbound goes
 * through an outbox"). Primary course:
 * 1. read the notice; anything but pending or retrying is done already;
 * 2. not before its notBefore (backoff, earlier quiet hours);
 * 3. on the opt-out ledger: suppressed, never sent;
 * 4. inside quiet hours: deferred to the end of them, no attempt spent;
 * 5. claim the attempt (conditional: one worker per notice and attempt);
 * 6. wait for the provider's rate (SMS parts, or one call);
 * 7. send; record sent, or retrying with backoff, or after the third failed
 *    attempt unreachable, and report the customer back.
 */
import { createHash } from 'node:crypto';
import type { Notice } from './notice';
import type { AfterFailure, NoticeStore, OptOutLedger, Pacer, PacerGrant, SmsSender, UnreachableReporter, VoiceCaller } from './ports';
import { nextAllowedInstant, type QuietHoursRules } from './quiet-hours';
import type { NoticeText } from './render';
import { countSmsParts } from './sms-parts';

export const MAX_ATTEMPTS = 3;

export interface DispatchDeps {
  readonly notices: NoticeStore;
  readonly optOuts: OptOutLedger;
  readonly sms: SmsSender;
  readonly voice: VoiceCaller;
  readonly unreachable: UnreachableReporter;
  readonly pacers: { readonly sms: Pacer; readonly voice: Pacer };
  readonly text: NoticeText;
  readonly quietHours: QuietHoursRules;
  readonly now: () => Date;
  /** Wait after failed attempt n (1-based) before the next one; the last value repeats. */
  readonly retryBackoffSeconds: readonly number[];
  /** How long a claim holds off other workers; longer than pacing plus a send. */
  readonly claimSeconds: number;
}

export type DispatchOutcome =
  | { readonly kind: 'sent'; readonly attempt: number; readonly parts: number }
  | { readonly kind: 'suppressed_opt_out' }
  | { readonly kind: 'deferred_quiet_hours'; readonly retryAt: string }
  | { readonly kind: 'not_yet'; readonly retryAt: string }
  | { readonly kind: 'retrying'; readonly attempt: number; readonly retryAt: string; readonly error: string }
  | { readonly kind: 'unreachable'; readonly attempt: number; readonly error: string }
  | { readonly kind: 'already_done'; readonly status: Notice['status'] }
  | { readonly kind: 'claimed_elsewhere' }
  | { readonly kind: 'missing' };

/**
 * The Connect ClientToken of one attempt: the same notice and attempt always
 * give the same token, so Connect places at most one call for it however
 * often the request is retried.
 *
 * @example
 * callClientToken('billing#B1#bill_notice#1001#voice', 1).length; // 64
 */
export function callClientToken(noticeId: string, attempt: number): string {
  return createHash('sha256').update(`${noticeId}#attempt-${attempt}`).digest('hex');
}

function outageKindOf(notice: Notice): 'planned' | 'unplanned' | undefined {
  const kind = notice.params.outageKind;
  return kind === 'planned' || kind === 'unplanned' ? kind : undefined;
}

/**
 * A notice this worker holds the attempt of (steps 1-5 done), ready to wait
 * for the rate and be sent: its text and what it costs at the pacer.
 */
export interface ClaimedNotice {
  readonly kind: 'claimed';
  readonly notice: Notice;
  readonly attempt: number;
  readonly text: string;
  /** Tokens at the pacer: SMS message parts, or one call. */
  readonly parts: number;
}

/**
 * Sends one notice, at most once per attempt: `claimForSending`, then
 * `waitForRate`, then `sendClaimed`. A batch runs the three apart
 * (dispatch-batch.ts), so that its table round trips overlap the pacing.
 *
 * @example
 * const outcome = await dispatchNotice('billing#B1#bill_notice#1001#sms', deps);
 * if ('retryAt' in outcome) await queue.requeue(noticeId, outcome.retryAt);
 */
export async function dispatchNotice(noticeId: string, deps: DispatchDeps): Promise<DispatchOutcome> {
  const claimed = await claimForSending(noticeId, deps);
  if (claimed.kind !== 'claimed') return claimed;
  return sendClaimed(claimed, await waitForRate(claimed, deps), deps);
}

/**
 * Steps 1-5: reads the notice (or takes what `readAhead` read for it) and
 * either settles it without a send (done already, not yet, opted out, quiet
 * hours, claimed by another worker) or claims its next attempt for this
 * worker. The claim is conditional on the attempts read, so a read ahead
 * that went stale claims nothing.
 *
 * @example
 * const claimed = await claimForSending(noticeId, deps);
 * if (claimed.kind === 'claimed') await sendClaimed(claimed, await waitForRate(claimed, deps), deps);
 */
export async function claimForSending(noticeId: string, deps: DispatchDeps, read?: NoticeReadAhead): Promise<ClaimedNotice | DispatchOutcome> {
  const notice = read ? read.notice : await deps.notices.get(noticeId);
  if (!notice) return { kind: 'missing' };
  if (notice.status !== 'pending' && notice.status !== 'retrying') return { kind: 'already_done', status: notice.status };
  const now = deps.now();
  if (Date.parse(notice.notBefore) > now.getTime()) return { kind: 'not_yet', retryAt: notice.notBefore };

  if (read?.optedOut ?? (await deps.optOuts.isOptedOut(notice.to, notice.channel))) {
    await deps.notices.markSuppressed(noticeId, notice.attempts, now);
    return { kind: 'suppressed_opt_out' };
  }

  const allowedAt = nextAllowedInstant(now, { ...notice, outageKind: outageKindOf(notice) }, deps.quietHours);
  if (allowedAt.getTime() > now.getTime()) {
    const moved = await deps.notices.defer(noticeId, notice.attempts, allowedAt);
    return moved ? { kind: 'deferred_quiet_hours', retryAt: allowedAt.toISOString() } : { kind: 'claimed_elsewhere' };
  }

  const text = deps.text({ ...notice, params: { ...notice.params, accountNumber: notice.accountNumber } });
  const claimed = await deps.notices.claim(noticeId, notice.attempts, now, new Date(now.getTime() + deps.claimSeconds * 1000));
  if (!claimed) return { kind: 'claimed_elsewhere' };
  const parts = notice.channel === 'sms' ? countSmsParts(text).parts : 1;
  return { kind: 'claimed', notice, attempt: notice.attempts + 1, text, parts };
}

/** What a batch read for one notice in one go with others: the notice (undefined: there is none) and, when it was open, its opt-out. */
export interface NoticeReadAhead {
  readonly notice: Notice | undefined;
  readonly optedOut: boolean | undefined;
}

/**
 * Steps 1 and 3 for several notices at once: two reads (the notices, then
 * the opt-outs of the open ones) instead of two per notice, for
 * `claimForSending`.
 *
 * @example
 * const reads = await readAhead(ids, deps);
 * const claimed = await claimForSending(ids[0], deps, reads.get(ids[0]));
 */
export async function readAhead(noticeIds: readonly string[], deps: DispatchDeps): Promise<ReadonlyMap<string, NoticeReadAhead>> {
  const notices = await deps.notices.getMany(noticeIds);
  const open = [...notices.values()].filter((n) => n.status === 'pending' || n.status === 'retrying');
  const optedOut = open.length > 0 ? await deps.optOuts.areOptedOut(open) : [];
  const verdictOf = new Map(open.map((n, i) => [n.noticeId, optedOut[i]]));
  return new Map(noticeIds.map((id) => [id, { notice: notices.get(id), optedOut: verdictOf.get(id) }]));
}

/**
 * Step 6: waits until the channel's pacer lets this notice's parts (or call)
 * through, and returns its grant, for `sendClaimed` to mark sent. Pacers
 * serve in turn, so notices go in the order they wait here.
 *
 * @example
 * const grant = await waitForRate(claimed, deps);
 */
export function waitForRate(claimed: ClaimedNotice, deps: DispatchDeps): Promise<PacerGrant> {
  return claimed.notice.channel === 'sms' ? deps.pacers.sms.take(claimed.parts) : deps.pacers.voice.take(1);
}

/**
 * Step 7, once the pacer let it through: sends, and records sent, or
 * retrying with backoff, or after the third failed attempt unreachable. The
 * provider is called before this function first waits, so sends leave in the
 * order this is called; the grant is marked sent as the provider is called,
 * so the pacer counts the rate at the sends themselves.
 *
 * @example
 * const outcome = await sendClaimed(claimed, await waitForRate(claimed, deps), deps);
 */
export async function sendClaimed(claimed: ClaimedNotice, grant: PacerGrant, deps: DispatchDeps): Promise<DispatchOutcome> {
  const { notice, attempt, text, parts } = claimed;
  let providerMessageId: string | undefined;
  try {
    grant.sent();
    providerMessageId =
      notice.channel === 'sms'
        ? await deps.sms.send(notice.to, text)
        : await deps.voice.call(notice.to, text, callClientToken(notice.noticeId, attempt), { language: notice.language, template: notice.template });
  } catch (error) {
    return failedAttempt(notice, attempt, error, deps);
  }
  await deps.notices.markSent(notice.noticeId, attempt, deps.now(), { channel: notice.channel, providerMessageId });
  return { kind: 'sent', attempt, parts };
}

/**
 * What follows failed attempt `attempt`: another after the backoff, or after
 * the third the unreachable list. A refused send and a failed delivery
 * receipt both count.
 *
 * @example
 * afterFailedAttempt(1, now, [300, 1800]); // { status: 'retrying', notBefore: now + 5 min }
 */
export function afterFailedAttempt(attempt: number, at: Date, retryBackoffSeconds: readonly number[]): AfterFailure {
  if (attempt >= MAX_ATTEMPTS) return { status: 'unreachable' };
  const backoff = retryBackoffSeconds[Math.min(attempt, retryBackoffSeconds.length) - 1] ?? 0;
  return { status: 'retrying', notBefore: new Date(at.getTime() + backoff * 1000) };
}

async function failedAttempt(notice: Notice, attempt: number, error: unknown, deps: DispatchDeps): Promise<DispatchOutcome> {
  // The error's name only: provider messages can quote the destination number.
  const reason = error instanceof Error ? error.name : 'UnknownError';
  const at = deps.now();
  const next = afterFailedAttempt(attempt, at, deps.retryBackoffSeconds);
  if (next.status === 'unreachable') {
    // Reported first: if recording fails, the redelivery reports again (an idempotent report), rather than never.
    await deps.unreachable.report({ ...notice, attempts: attempt, status: 'unreachable', lastError: reason }, at);
    await deps.notices.markUnreachable(notice.noticeId, attempt, at, reason);
    return { kind: 'unreachable', attempt, error: reason };
  }
  await deps.notices.markRetrying(notice.noticeId, attempt, at, next.notBefore, reason);
  return { kind: 'retrying', attempt, retryAt: next.notBefore.toISOString(), error: reason };
}

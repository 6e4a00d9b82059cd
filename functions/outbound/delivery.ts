/**
 * Delivery receipts (issue 5, "delivery status recorded"): what the carrier
 * or Amazon Connect says became of a notice after it was sent. Primary
 * course:
 * 1. find the notice the provider's id was returned for; none (a reply to an
 *    inbound text, another system's message): ignored;
 * 2. only a notice still `sent` for that attempt takes a receipt, so a
 *    duplicate or late receipt changes nothing;
 * 3. delivered (the carrier accepted the text; the call was answered):
 *    recorded as `delivered`;
 * 4. not delivered: a failed attempt, as if the send had been refused:
 *    retried after the backoff (put back on its lane), and after the third
 *    the customer goes on the unreachable list.
 */
import { afterFailedAttempt } from './dispatch';
import type { Notice, NoticeChannel } from './notice';
import type { DispatchLanes, ReceiptStore, UnreachableReporter } from './ports';

export interface DeliveryReceipt {
  readonly channel: NoticeChannel;
  /** SNS message id of the text, Connect contact id of the call. */
  readonly providerMessageId: string;
  readonly delivered: boolean;
  readonly at: Date;
  /** Why not delivered, in the provider's words (any phone number in them is removed before it is stored). */
  readonly reason?: string;
}

export interface ReceiptDeps {
  readonly notices: ReceiptStore;
  readonly lanes: Pick<DispatchLanes, 'requeue'>;
  readonly unreachable: UnreachableReporter;
  readonly retryBackoffSeconds: readonly number[];
  readonly now: () => Date;
}

export type ReceiptOutcome =
  | { readonly kind: 'delivered'; readonly noticeId: string }
  | { readonly kind: 'retrying'; readonly noticeId: string; readonly retryAt: string }
  | { readonly kind: 'unreachable'; readonly noticeId: string }
  /** Not a notice's id (a reply, another system's message). */
  | { readonly kind: 'not_a_notice' }
  /** The notice has moved on (an earlier receipt, a later attempt). */
  | { readonly kind: 'already_recorded'; readonly noticeId: string };

/**
 * @example
 * await recordDeliveryReceipt({ channel: 'sms', providerMessageId, delivered: false, at, reason: 'Phone is unreachable' }, deps);
 */
export async function recordDeliveryReceipt(receipt: DeliveryReceipt, deps: ReceiptDeps): Promise<ReceiptOutcome> {
  const notice = await deps.notices.byDelivery(receipt.channel, receipt.providerMessageId);
  if (!notice) return { kind: 'not_a_notice' };
  const { noticeId, attempts } = notice;
  if (notice.status !== 'sent') return { kind: 'already_recorded', noticeId };

  if (receipt.delivered) {
    const recorded = await deps.notices.markDelivered(noticeId, attempts, receipt.at);
    return recorded ? { kind: 'delivered', noticeId } : { kind: 'already_recorded', noticeId };
  }

  const reason = `NotDelivered: ${withoutNumbers(receipt.reason ?? 'no reason given').slice(0, 200)}`;
  const now = deps.now();
  const next = afterFailedAttempt(attempts, now, deps.retryBackoffSeconds);
  if (next.status === 'unreachable') {
    const unreachable: Notice = { ...notice, status: 'unreachable', lastError: reason };
    // Reported first, as the dispatcher does: a failed write retries the receipt, and the report is idempotent.
    await deps.unreachable.report(unreachable, now);
    const recorded = await deps.notices.markUndelivered(noticeId, attempts, now, next, reason);
    return recorded ? { kind: 'unreachable', noticeId } : { kind: 'already_recorded', noticeId };
  }
  const recorded = await deps.notices.markUndelivered(noticeId, attempts, now, next, reason);
  if (!recorded) return { kind: 'already_recorded', noticeId };
  await deps.lanes.requeue(noticeId, notice.important ? 'priority' : 'bulk', next.notBefore, now);
  return { kind: 'retrying', noticeId, retryAt: next.notBefore.toISOString() };
}

/** The provider's words may quote the destination: any run of digits long enough to be a number goes. */
function withoutNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s-]{4,}\d/g, '[number]');
}

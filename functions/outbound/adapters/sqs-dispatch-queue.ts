import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DispatchLanes, Lane, LaneMessage } from '../ports';
import { OutboundError } from '../errors';

/** SQS delays a message by at most 15 minutes; a longer wait is several hops (the dispatcher re-checks notBefore). */
export const MAX_DELAY_SECONDS = 900;

/** A notice to send; or, on the bulk lane, a wake-up: "the priority lane has work" (the priority queue has no event source of its own). */
export type DispatchMessage = { readonly noticeId: string } | { readonly wake: 'priority' };

export interface DispatchQueueUrls {
  readonly bulk: string;
  readonly priority: string;
}

/** A notice id for the outbox relay: which lane it goes on. */
export interface QueuedNotice {
  readonly noticeId: string;
  readonly important: boolean;
}

/**
 * The queues between the outbox and the senders: one message per notice id,
 * important customers' on the priority queue. The dispatcher's event source
 * is the bulk queue only (two event sources on one reserved concurrency
 * would throttle each other); every bulk invocation first takes the
 * priority queue empty, and a wake-up on the bulk queue makes sure one runs
 * when only priority work waits.
 */
export class SqsDispatchQueue implements DispatchLanes {
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: DispatchQueueUrls,
  ) {}

  /** Puts the notice back on its lane, to be seen again at `at` (or in 15 minutes, whichever is sooner). */
  async requeue(noticeId: string, lane: Lane, at: Date, now: Date): Promise<void> {
    const DelaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000)));
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.urls[lane], MessageBody: body({ noticeId }), DelaySeconds }));
    if (lane === 'priority') await this.sqs.send(new SendMessageCommand({ QueueUrl: this.urls.bulk, MessageBody: body({ wake: 'priority' }), DelaySeconds }));
  }

  /** Ten at a time (the SQS batch limit), important ones first; throws if any entry failed, so the caller's event is retried. */
  async enqueue(notices: readonly QueuedNotice[]): Promise<void> {
    const priority = notices.filter((n) => n.important).map(({ noticeId }) => ({ noticeId }));
    const bulk = notices.filter((n) => !n.important).map(({ noticeId }) => ({ noticeId }));
    await this.sendAll(this.urls.priority, priority);
    await this.sendAll(this.urls.bulk, priority.length > 0 ? [{ wake: 'priority' as const }, ...bulk] : bulk);
  }

  async takePriority(max: number): Promise<LaneMessage[]> {
    const { Messages } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.urls.priority, MaxNumberOfMessages: Math.min(10, max), WaitTimeSeconds: 0 }));
    return (Messages ?? []).flatMap((m) => (m.ReceiptHandle ? [{ id: m.ReceiptHandle, body: m.Body ?? '' }] : []));
  }

  async acknowledge(message: LaneMessage): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.urls.priority, ReceiptHandle: message.id }));
  }

  private async sendAll(queueUrl: string, messages: readonly DispatchMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const { Failed } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((message, n) => ({ Id: String(n), MessageBody: body(message) })) }));
      if (Failed && Failed.length > 0) throw new DispatchQueueError(Failed.length);
    }
  }
}

function body(message: DispatchMessage): string {
  return JSON.stringify(message);
}

export class DispatchQueueError extends OutboundError {
  constructor(readonly failed: number) {
    super(`${failed} notice id(s) could not be queued`);
    this.name = 'DispatchQueueError';
  }
}

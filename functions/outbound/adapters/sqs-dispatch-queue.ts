import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS delays a message by at most 15 minutes; a longer wait is several hops (the dispatcher re-checks notBefore). */
export const MAX_DELAY_SECONDS = 900;

export interface DispatchMessage {
  readonly noticeId: string;
}

/** The queue between the outbox and the senders: one message per notice id. */
export class SqsDispatchQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Puts the notice back, to be seen again at `at` (or in 15 minutes, whichever is sooner). */
  async requeue(noticeId: string, at: Date, now: Date): Promise<void> {
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000)));
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ noticeId } satisfies DispatchMessage), DelaySeconds: delay }));
  }

  /** Ten at a time (the SQS batch limit); throws if any entry failed, so the caller's event is retried. */
  async enqueue(noticeIds: readonly string[]): Promise<void> {
    for (let i = 0; i < noticeIds.length; i += 10) {
      const batch = noticeIds.slice(i, i + 10);
      const { Failed } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((noticeId, n) => ({ Id: String(n), MessageBody: JSON.stringify({ noticeId } satisfies DispatchMessage) })),
        }),
      );
      if (Failed && Failed.length > 0) throw new DispatchQueueError(Failed.length);
    }
  }
}

export class DispatchQueueError extends Error {
  constructor(readonly failed: number) {
    super(`${failed} notice id(s) could not be queued`);
    this.name = 'DispatchQueueError';
  }
}

import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../clock';
import { ClockError } from '../errors';
import type { WatchQueue } from '../ports';

/** The queue did not take every message: the sweep fails and runs again at its next tick. */
export class WatchQueueSendError extends ClockError {
  constructor(failed: number, options?: ErrorOptions) {
    super(`${failed} clock(s) not queued for sla-watch`, options);
    this.name = 'WatchQueueSendError';
  }
}

/**
 * The sweep's way into sla-watch: the same queue the schedules deliver to,
 * ten messages per SendMessageBatch.
 *
 * @example
 * await new SqsWatchQueue(sqs, queueUrl).send([{ orderId, milestone, dueAt, checkAt }]);
 */
export class SqsWatchQueue implements WatchQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(clocks: readonly (Clock & { readonly checkAt: string })[]): Promise<void> {
    for (let i = 0; i < clocks.length; i += 10) {
      const batch = clocks.slice(i, i + 10);
      const { Failed } = await this.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch.map((clock, n) => ({ Id: String(n), MessageBody: JSON.stringify(clock) })) }),
      );
      if (Failed && Failed.length > 0) throw new WatchQueueSendError(Failed.length);
    }
  }
}

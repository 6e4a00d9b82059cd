import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PlanningJob, PlanningQueue } from '../ports';

/** Planning jobs as SQS messages; the planner function consumes them (lib/outbound-stack.ts). */
export class SqsPlanningQueue implements PlanningQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: PlanningJob): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
  }
}

import { StartTaskContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { TokenBucket } from '../../outbound/token-bucket';
import type { CallbackTask, TaskSender } from '../ports';

export interface ConnectTaskSettings {
  readonly instanceId: string;
  /** The task template (its flow routes the task to the callback queue) or, without one, a contact flow. */
  readonly taskTemplateId?: string;
  readonly contactFlowId?: string;
  /** StartTaskContact requests per second; Connect's default quota is 2 (burst 5). */
  readonly ratePerSecond: number;
}

/**
 * Callbacks as Amazon Connect tasks: StartTaskContact with the ticket
 * number and what to ask, attributes without personal data, scheduled into
 * the window, ClientToken per try, paced by a token bucket (one per
 * container; the stream's one consumer per shard keeps the total near it).
 *
 * @example
 * const tasks = new ConnectTaskSender(connect, { instanceId, taskTemplateId, ratePerSecond: 2 });
 */
export class ConnectTaskSender implements TaskSender {
  private readonly bucket: TokenBucket;

  constructor(
    private readonly connect: ConnectClient,
    private readonly settings: ConnectTaskSettings,
    clock: () => number = Date.now,
  ) {
    this.bucket = new TokenBucket(settings.ratePerSecond, clock);
  }

  async start(task: CallbackTask): Promise<string | undefined> {
    (await this.bucket.take(1)).sent();
    const { ContactId } = await this.connect.send(
      new StartTaskContactCommand({
        InstanceId: this.settings.instanceId,
        ...(this.settings.taskTemplateId ? { TaskTemplateId: this.settings.taskTemplateId } : { ContactFlowId: this.settings.contactFlowId }),
        Name: task.name.slice(0, 512),
        Description: task.description.slice(0, 4096),
        Attributes: { ...task.attributes },
        ...(task.scheduledAt ? { ScheduledTime: task.scheduledAt } : {}),
        ClientToken: task.clientToken,
      }),
    );
    return ContactId;
  }
}

import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SystemState, SystemStateSource } from '../ports';

export interface SystemStateSettings {
  /** Dead-letter queues by the name the page shows. */
  readonly deadLetterQueues: Readonly<Record<string, string>>;
  /** The dispatch queues whose waiting messages are the backlog. */
  readonly dispatchQueues: readonly string[];
  /** Only the stage's alarms (`hotline-<stage>`). */
  readonly alarmPrefix: string;
}

/**
 * The system's state in AWS: each dead-letter queue's approximate depth and
 * the dispatch queues' waiting messages (SQS GetQueueAttributes), and the
 * stage's alarms in ALARM (CloudWatch DescribeAlarms).
 *
 * @example
 * const system = new AwsSystemState(sqs, cloudwatch, { deadLetterQueues: { rejected: url }, dispatchQueues: [bulk], alarmPrefix: 'hotline-prod' });
 */
export class AwsSystemState implements SystemStateSource {
  constructor(
    private readonly sqs: SQSClient,
    private readonly cloudwatch: CloudWatchClient,
    private readonly settings: SystemStateSettings,
  ) {}

  async read(): Promise<SystemState> {
    const depth = async (url: string) => {
      const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    };
    const [deadLetterQueues, backlogs, alarms] = await Promise.all([
      Promise.all(Object.entries(this.settings.deadLetterQueues).map(async ([name, url]) => ({ name, depth: await depth(url) }))),
      Promise.all(this.settings.dispatchQueues.map(depth)),
      this.cloudwatch.send(new DescribeAlarmsCommand({ StateValue: 'ALARM', AlarmNamePrefix: this.settings.alarmPrefix, MaxRecords: 100 })),
    ]);
    const alarmsFiring = [...(alarms.MetricAlarms ?? []), ...(alarms.CompositeAlarms ?? [])].map((a) => a.AlarmName ?? '').filter(Boolean);
    return { deadLetterQueues, alarmsFiring, dispatchBacklog: backlogs.reduce((a, b) => a + b, 0), source: 'aws' };
  }
}

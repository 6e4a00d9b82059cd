import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { firstCheckAt, scheduleName, type Clock, type ClockPolicy } from '../clock';

export interface SchedulerTarget {
  readonly groupName: string;
  /** The queue `sla-watch` reads. */
  readonly queueArn: string;
  /** The role Scheduler assumes to send to it. */
  readonly roleArn: string;
}

/**
 * One EventBridge Scheduler one-time schedule per clock, in the clocks'
 * group, delivering `{ orderId, milestone, dueAt }` to the sla-watch queue at
 * the warning margin before the clock is due and deleting itself after.
 * Creating one that exists and deleting one that is gone are no-ops, so a
 * retried stream batch changes nothing.
 *
 * @example
 * const clocks = new SchedulerClocks(scheduler, target, DEFAULT_CLOCK_POLICY, () => new Date());
 * await clocks.create(clock);
 */
export class SchedulerClocks {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: SchedulerTarget,
    private readonly policy: ClockPolicy,
    private readonly now: () => Date,
  ) {}

  async create(clock: Clock): Promise<void> {
    // A clock whose margin has passed (a late stream, a short limit) fires a minute from now.
    const soonest = this.now().getTime() + 60_000;
    const at = new Date(Math.max(firstCheckAt(clock, this.policy).getTime(), soonest));
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: scheduleName(clock),
          GroupName: this.target.groupName,
          ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: this.target.queueArn, RoleArn: this.target.roleArn, Input: JSON.stringify(clock) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  async delete(clock: Clock): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: scheduleName(clock), GroupName: this.target.groupName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}

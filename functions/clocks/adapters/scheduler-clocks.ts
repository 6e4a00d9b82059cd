import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { firstCheckAt, scheduleName, type Clock, type ClockPolicy } from '../clock';
import type { LookScheduler } from '../ports';

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
export class SchedulerClocks implements LookScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly target: SchedulerTarget,
    private readonly policy: ClockPolicy,
    private readonly now: () => Date,
  ) {}

  /** The clock's first look, at the warning margin (the clock keeper). */
  async create(clock: Clock): Promise<void> {
    await this.schedule(scheduleName(clock), firstCheckAt(clock, this.policy), clock);
  }

  /**
   * A later look at a clock (sla-watch, after a chase or before the margin),
   * named from the clock and the look's instant, so the same look asked for
   * twice is one schedule.
   *
   * @example
   * await clocks.lookAt(clock, new Date('2026-12-01T03:16:00Z')); // '202612-0001-0001.1_crewOnSite_r20261201T031600Z'
   */
  async lookAt(clock: Clock, at: Date): Promise<void> {
    const compact = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
    const name = `${clock.orderId}_${clock.milestone}_r${compact}`.replace(/[^0-9a-zA-Z\-_.]/g, '-').slice(0, 64);
    await this.schedule(name, at, { orderId: clock.orderId, milestone: clock.milestone, dueAt: clock.dueAt, checkAt: at.toISOString() });
  }

  private async schedule(name: string, wanted: Date, input: Clock & { checkAt?: string }): Promise<void> {
    // A look whose time has passed (a late stream, a short limit) fires a minute from now.
    const soonest = this.now().getTime() + 60_000;
    // at() takes whole seconds: round up, so a look never fires before the instant it is for.
    const at = new Date(Math.ceil(Math.max(wanted.getTime(), soonest) / 1000) * 1000);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.target.groupName,
          ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: this.target.queueArn, RoleArn: this.target.roleArn, Input: JSON.stringify(input) },
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

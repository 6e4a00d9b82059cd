import * as z from 'zod/mini';
import { DEFAULT_CLOCK_POLICY, type ClockPolicy } from './clock';
import { DEFAULT_SWEEP_GRACE_MINUTES } from './sweep';

const Env = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  TIME_ZONE: z.optional(z.string()),
  CLOCK_SCHEDULE_GROUP: z.string().check(z.minLength(1)),
  SLA_WATCH_QUEUE_ARN: z.string().check(z.minLength(1)),
  SLA_WATCH_QUEUE_URL: z.optional(z.string()),
  CLOCK_SCHEDULER_ROLE_ARN: z.string().check(z.minLength(1)),
  CLOCK_WARNING_MINUTES: z.optional(z.string().check(z.regex(/^\d{1,4}$/))),
  CLOCK_REPEAT_MINUTES: z.optional(z.string().check(z.regex(/^[1-9]\d{0,3}$/))),
  CLOCK_SWEEP_GRACE_MINUTES: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});

export interface ClocksConfig {
  readonly tableName: string;
  readonly timeZone: string;
  readonly target: { readonly groupName: string; readonly queueArn: string; readonly roleArn: string };
  /** The sweep sends to sla-watch here. */
  readonly queueUrl?: string;
  readonly policy: ClockPolicy;
  readonly sweepGraceMinutes: number;
}

/**
 * The clock functions' configuration (clock-keeper, sla-watch, clock-sweep), from the stack's environment.
 *
 * @example
 * const config = readClocksConfig(process.env);
 */
export function readClocksConfig(env: NodeJS.ProcessEnv = process.env): ClocksConfig {
  const e = Env.parse(env);
  return {
    tableName: e.TABLE_NAME,
    timeZone: e.TIME_ZONE ?? 'Asia/Shanghai',
    target: { groupName: e.CLOCK_SCHEDULE_GROUP, queueArn: e.SLA_WATCH_QUEUE_ARN, roleArn: e.CLOCK_SCHEDULER_ROLE_ARN },
    ...(e.SLA_WATCH_QUEUE_URL ? { queueUrl: e.SLA_WATCH_QUEUE_URL } : {}),
    policy: {
      warningMinutes: e.CLOCK_WARNING_MINUTES ? Number(e.CLOCK_WARNING_MINUTES) : DEFAULT_CLOCK_POLICY.warningMinutes,
      repeatMinutes: e.CLOCK_REPEAT_MINUTES ? Number(e.CLOCK_REPEAT_MINUTES) : DEFAULT_CLOCK_POLICY.repeatMinutes,
    },
    sweepGraceMinutes: e.CLOCK_SWEEP_GRACE_MINUTES ? Number(e.CLOCK_SWEEP_GRACE_MINUTES) : DEFAULT_SWEEP_GRACE_MINUTES,
  };
}

/**
 * The dispatcher's settings from environment variables (the CDK construct
 * sets them from the stage config; the local runtime sets local values).
 */
import { checkQuietHoursRules, DEFAULT_QUIET_HOURS, type QuietHoursRules } from './quiet-hours';

export interface DispatcherConfig {
  /** The bulk queue (the dispatcher's event source) and the priority queue (important customers). */
  readonly dispatchQueueUrls: { readonly bulk: string; readonly priority: string };
  /** This container's share of the origination identity's parts per second (the rate divided by the dispatcher's concurrency). */
  readonly smsPartsPerSecond: number;
  readonly voiceCallsPerSecond: number;
  readonly connect: { readonly instanceId: string; readonly contactFlowId: string; readonly sourcePhoneNumber: string };
  readonly billingBucket: string;
  readonly unreachableTopicArn: string;
  readonly utilityName: string;
  readonly retryBackoffSeconds: readonly number[];
  readonly quietHours: QuietHoursRules;
}

export function readDispatcherConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  const concurrency = Math.max(1, Number(env.DISPATCHER_CONCURRENCY ?? 1));
  const share = (total: string | undefined, fallback: number) => Math.max(1, Math.floor(Number(total ?? fallback) / concurrency));
  return {
    dispatchQueueUrls: { bulk: env.DISPATCH_QUEUE_URL ?? '', priority: env.PRIORITY_DISPATCH_QUEUE_URL ?? '' },
    smsPartsPerSecond: share(env.SMS_PARTS_PER_SECOND, 1),
    voiceCallsPerSecond: share(env.VOICE_CALLS_PER_SECOND, 1),
    connect: {
      instanceId: env.CONNECT_INSTANCE_ID ?? '',
      contactFlowId: env.CONNECT_OUTBOUND_FLOW_ID ?? '',
      sourcePhoneNumber: env.CONNECT_SOURCE_NUMBER ?? env.SMS_ORIGINATION_NUMBER ?? '',
    },
    billingBucket: env.BILLING_BUCKET ?? '',
    unreachableTopicArn: env.UNREACHABLE_TOPIC_ARN ?? '',
    utilityName: env.UTILITY_NAME ?? 'XX',
    retryBackoffSeconds: (env.RETRY_BACKOFF_SECONDS ?? '300,1800').split(',').map(Number),
    quietHours: checkQuietHoursRules(
      env.QUIET_HOURS ? { ...DEFAULT_QUIET_HOURS, ...(JSON.parse(env.QUIET_HOURS) as Partial<QuietHoursRules>), timeZone: env.TIME_ZONE ?? 'Asia/Shanghai' } : { ...DEFAULT_QUIET_HOURS, timeZone: env.TIME_ZONE ?? 'Asia/Shanghai' },
    ),
  };
}

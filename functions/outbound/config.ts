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

/**
 * Milliseconds a spent token waits past its second before it pays again: the
 * provider counts the second at its end, so a little slack absorbs the jitter
 * between a send here and its arrival there. Each millisecond costs 0.1% of
 * the rate (1000 / (1000 + margin) is the most a pacer can reach): 20 ms
 * capped it at 0.980 and the bench measured 0.967 twice on idle cores, under
 * the 0.97 bar; 10 ms caps it at 0.990.
 */
export const PROVIDER_MARGIN_MS = 10;

export function readDispatcherConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  const concurrency = Math.max(1, Number(env.DISPATCHER_CONCURRENCY ?? 1));
  const share = (total: string | undefined, fallback: number) => containerShare(Number(total ?? fallback), concurrency);
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

/**
 * Notices in one SQS batch of the dispatch queue (one dispatcher invocation)
 * for a container's shares of the rates: about two seconds of its sending
 * at one SMS part a notice, and no more than six seconds of calls, 10 to 100.
 * Between two batches a container's pacer waits for the table (the last
 * notice recorded, the next one read and claimed); at a share of 50 parts a
 * second a batch of 10 lasted a third of a second, and that wait cost a good
 * part of the rate (bench/dispatch.ts). The longest batch (100 texts of 3
 * parts at a share of 50, or 100 calls at 16 a second: 6 s; 10 texts of 3
 * parts at a share of 1: 30 s, as before) stays inside the invocation's
 * reserve for its own batch (handlers/dispatcher.ts).
 *
 * @example
 * dispatchBatchSize({ smsPartsPerSecond: 5, voiceCallsPerSecond: 1 }); // 10
 * dispatchBatchSize({ smsPartsPerSecond: 50, voiceCallsPerSecond: 20 }); // 100
 */
export function dispatchBatchSize(shares: { readonly smsPartsPerSecond: number; readonly voiceCallsPerSecond: number }): number {
  return Math.min(100, Math.max(10, Math.floor(Math.min(shares.smsPartsPerSecond * 2, shares.voiceCallsPerSecond * 6))));
}

/**
 * A container's share of a stage-wide rate: the rate divided by the
 * dispatcher's concurrency, whole parts, at least one.
 *
 * @example
 * containerShare(20, 4); // 5
 */
export function containerShare(ratePerSecond: number, concurrency: number): number {
  return Math.max(1, Math.floor(ratePerSecond / Math.max(1, concurrency)));
}

import type { SystemStateSource } from './ports';

let source: SystemStateSource | undefined;

/**
 * Where the handover reads the system's state: the AWS adapter the ops API
 * builds from its environment, unless the local runtime put its own here.
 *
 * @example
 * const system = systemStateSource(() => new AwsSystemState(sqs, cloudwatch, settings));
 */
export function systemStateSource(fallback: () => SystemStateSource): SystemStateSource {
  source ??= fallback();
  return source;
}

/**
 * The local runtime's own state in place of SQS and CloudWatch (nothing deployed calls it).
 *
 * @example
 * useSystemStateSource({ read: async () => ({ deadLetterQueues: [...], alarmsFiring: [], dispatchBacklog: 0, source: 'local' }) });
 */
export function useSystemStateSource(next: SystemStateSource): void {
  source = next;
}

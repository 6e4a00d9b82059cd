/**
 * Settings of the outage API and the outbound planner, from environment
 * variables set by lib/outbound-stack.ts (and by the local runtime).
 */
export interface OutboundPlanningConfig {
  readonly tableName: string;
  /** SQS queue of planning jobs (the planner's trigger). */
  readonly plannerQueueUrl: string;
  /** An ETR that moves less than this from the one last announced is not announced (default 30). */
  readonly etrChangeThresholdMinutes: number;
  /** IANA zone the notice texts give times in. */
  readonly timeZone: string;
  /** Local runtime only: when set, the outage API wants it in the `x-api-key` header (AWS uses IAM instead). */
  readonly apiKey?: string;
}

export function readOutboundPlanningConfig(env: NodeJS.ProcessEnv = process.env): OutboundPlanningConfig {
  const tableName = env.TABLE_NAME;
  const plannerQueueUrl = env.PLANNER_QUEUE_URL;
  if (!tableName || !plannerQueueUrl) throw new Error('TABLE_NAME and PLANNER_QUEUE_URL must be set');
  const threshold = Number(env.ETR_CHANGE_THRESHOLD_MINUTES ?? 30);
  if (!(threshold > 0)) throw new Error('ETR_CHANGE_THRESHOLD_MINUTES must be a positive number');
  return {
    tableName,
    plannerQueueUrl,
    etrChangeThresholdMinutes: threshold,
    timeZone: env.TIME_ZONE ?? 'Asia/Shanghai',
    apiKey: env.OUTAGE_API_KEY || undefined,
  };
}

import type { StageConfig } from '../config';

/** Name of the stage's log tag key in Secrets Manager (the stateful stack creates it). */
export function logTagKeyName(config: Pick<StageConfig, 'stage'>): string {
  return `hotline-${config.stage}/log-tag-key`;
}

/** Where a function reads the log tag key at run time: the secret's name and region (the stage region). */
export interface LogTagKeySecret {
  readonly secretName: string;
  readonly region: string;
}

/**
 * The stage's log tag key as a function reads it: by name, at run time,
 * through Powertools Parameters (functions/shared/log-tag-key.ts), from the
 * stage region even where the function runs elsewhere (kpi-ingest beside a
 * Connect instance in another region). `HotlineFunction` passes the name and
 * region (not the value) and grants GetSecretValue on this secret only.
 *
 * @example
 * new HotlineFunction(this, 'SmsInbound', { ..., logTagKey: logTagKey(config) });
 */
export function logTagKey(config: Pick<StageConfig, 'stage' | 'region'>): LogTagKeySecret {
  return { secretName: logTagKeyName(config), region: config.region };
}

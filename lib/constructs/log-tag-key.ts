import { SecretValue } from 'aws-cdk-lib';
import type { StageConfig } from '../config';

/** Name of the stage's log tag key in Secrets Manager (the stateful stack creates it). */
export function logTagKeyName(config: Pick<StageConfig, 'stage'>): string {
  return `hotline-${config.stage}/log-tag-key`;
}

/**
 * The stage's log tag key as a CloudFormation dynamic reference: resolved at
 * deploy time into the function's `LOG_TAG_KEY` (functions/shared/fingerprint.ts),
 * never written into a template, and read by name, so no stack needs an export
 * of the stateful one. Only in the secret's region.
 *
 * @example
 * new HotlineFunction(this, 'SmsInbound', { ..., logTagKey: logTagKey(config) });
 */
export function logTagKey(config: Pick<StageConfig, 'stage'>): string {
  return SecretValue.secretsManager(logTagKeyName(config)).unsafeUnwrap();
}

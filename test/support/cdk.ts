import { readFileSync } from 'node:fs';

/**
 * The context `cdk synth` uses (cdk.json's feature flags), minus asset
 * bundling: template and cdk-nag tests do not need the bundles, and bundling
 * every function per synthesis made the infra tests minutes long on two
 * cores. Real bundling is checked by `npm run synth` in .ci/run.
 */
export const CDK_TEST_CONTEXT: Record<string, unknown> = {
  ...(JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context as Record<string, unknown>),
  'aws:cdk:bundling-stacks': [],
  // The stage configs hold example ids until the real accounts are filled in (README, Deploying).
  allowPlaceholders: true,
};

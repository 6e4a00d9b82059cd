import { DEFAULT_LATE_FEE_RULE, type LateFeeRule } from './late-fee';

/** The late-fee rule from `LATE_FEE_RULE` (JSON, as LateFeeRule), or the default documented in late-fee.ts. */
export function readLateFeeRule(env: NodeJS.ProcessEnv = process.env): LateFeeRule {
  return env.LATE_FEE_RULE ? { ...DEFAULT_LATE_FEE_RULE, ...(JSON.parse(env.LATE_FEE_RULE) as Partial<LateFeeRule>) } : DEFAULT_LATE_FEE_RULE;
}

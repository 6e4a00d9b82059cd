/**
 * Every Lambda function, by the name used in the README, the local Lambda
 * Invoke API and `npm run invoke`. The CDK stacks bundle `entry`; the local
 * runtime imports it and calls `handler`.
 */
export interface CatalogEntry {
  readonly name: string;
  readonly entry: string;
  readonly description: string;
}

export const FUNCTION_CATALOG = {
  smsInbound: {
    name: 'sms-inbound',
    entry: 'functions/sms/handlers/inbound-sms.ts',
    description: 'Two-way SMS from the SNS topic: STOP/HELP/START, or a contact that becomes a ticket or joins an outage',
  },
} as const satisfies Record<string, CatalogEntry>;

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
  voiceIvr: {
    name: 'voice-ivr',
    entry: 'functions/voice/handlers/ivr.ts',
    description: 'Amazon Connect IVR steps (action parameter): caller look-up, outage check and attach, PIN verification, balance, keypad fault report, agent hand-off',
  },
  kpiIngest: {
    name: 'kpi-ingest',
    entry: 'functions/kpis/handlers/ingest-contact-records.ts',
    description: 'Amazon Connect contact records from Kinesis into per-interval call indicators (DynamoDB) and CloudWatch metrics',
  },
  emailInbound: {
    name: 'email-inbound',
    entry: 'functions/email/handlers/inbound-email.ts',
    description: 'Mail received by SES (raw MIME in S3): quarantine on spam/virus FAIL, threading to a ticket, one acknowledgement per ticket',
  },
  chatApi: {
    name: 'chat-api',
    entry: 'functions/chat/handlers/chat-api.ts',
    description: 'Web chat API (HTTP API): outage status, fault report, PIN verification and bill questions, hand-over to an Amazon Connect agent',
  },
  outageApi: {
    name: 'outage-api',
    entry: 'functions/outages/handlers/outage-api.ts',
    description: 'Outage API for grid operations (API Gateway): declare, move the ETR, restore, read with notice counts; enqueues notice planning',
  },
  opsApi: {
    name: 'ops-api',
    entry: 'functions/ops/handlers/ops-api.ts',
    description: 'Ops API for the centre and the departments (API Gateway, Cognito): tickets, corrections, work orders; every route verifies the token and asks the one access policy',
  },
  outagePlanner: {
    name: 'outage-planner',
    entry: 'functions/outbound/handlers/outage-planner.ts',
    description: 'Planning jobs from SQS: one outage notice per affected customer (SMS, and a call for important ones) and reporter, into the outbox',
  },
  noticeRelay: {
    name: 'notice-relay',
    entry: 'functions/outbound/handlers/notice-relay.ts',
    description: 'DynamoDB stream of the table, filtered to new NOTICE# items: one message per notice on the dispatch queue',
  },
  outboundDispatcher: {
    name: 'outbound-dispatcher',
    entry: 'functions/outbound/handlers/dispatcher.ts',
    description: 'Dispatch queue consumer: sends each notice by SMS or an Amazon Connect call at the stage rate, honours opt-outs and quiet hours, retries, reports the unreachable',
  },
  deliveryReceipts: {
    name: 'delivery-receipts',
    entry: 'functions/outbound/handlers/delivery-receipts.ts',
    description: 'SMS delivery-status logs (CloudWatch Logs subscription) and outbound call contact events (EventBridge): records each sent notice delivered, or retries it, or after three attempts lists the customer unreachable',
  },
  billingNotices: {
    name: 'billing-notices',
    entry: 'functions/billing/handlers/billing-notices.ts',
    description: 'Billing notices API (POST, IAM auth): up to 1,000 bill notices and arrears reminders into the outbox, with a result per item',
  },
  billingFile: {
    name: 'billing-file',
    entry: 'functions/billing/handlers/billing-file.ts',
    description: 'A billing file (CSV or JSONL) dropped under incoming/ in the billing bucket: streamed into the outbox, a report written under results/',
  },
  clockKeeper: {
    name: 'clock-keeper',
    entry: 'functions/clocks/handlers/clock-keeper.ts',
    description: 'DynamoDB stream of the table, filtered to work orders: creates the one-time Scheduler schedule of each clock an order gains, deletes those it loses',
  },
  slaWatch: {
    name: 'sla-watch',
    entry: 'functions/clocks/handlers/sla-watch.ts',
    description: 'Clock looks from SQS (Scheduler and the sweep): re-reads the order, chases a step due soon or late (timeline, chase list, SMS to the duty contact) and schedules the next look',
  },
  clockSweep: {
    name: 'clock-sweep',
    entry: 'functions/clocks/handlers/clock-sweep.ts',
    description: 'Every five minutes (EventBridge): the departments\' inboxes by due instant; clocks whose look was lost go to sla-watch',
  },
} as const satisfies Record<string, CatalogEntry>;

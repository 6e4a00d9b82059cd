import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BackOfficeStack } from '../lib/back-office-stack';
import { ChannelsStack } from '../lib/channels-stack';
import { ClocksStack } from '../lib/clocks-stack';
import { stageConfig, type StageConfig } from '../lib/config';
import { OutboundStack } from '../lib/outbound-stack';
import { StatefulStack } from '../lib/stateful-stack';
import { ConnectStack, connectRegion, TelephonyStack } from '../lib/telephony-stack';
import { WebChannelsStack } from '../lib/web-channels-stack';
import type { RoutingConfig } from '../functions/workorders/routing';

/**
 * The hotline's stacks for one stage, on `app`. Separate from the entry
 * point so tests build exactly what `cdk synth` builds.
 *
 * @example
 * const app = new App({ context: { stage: 'dev' } });
 * const { stateful, channels } = buildHotline(app);
 */
export function buildHotline(
  app: App,
  config: StageConfig = stageConfig(String(app.node.tryGetContext('stage') ?? 'dev'), { allowPlaceholders: allowPlaceholders(app) }),
  options: { readonly routing?: RoutingConfig } = {},
) {
  const env = { account: config.account, region: config.region };
  const prefix = `Hotline-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    config,
    description: `Hotline ${config.stage}: data that outlives deployments (table, key)`,
    terminationProtection: config.removalPolicy === RemovalPolicy.RETAIN,
  });
  const channels = new ChannelsStack(app, `${prefix}-Channels`, {
    env,
    config,
    description: `Hotline ${config.stage}: inbound channels (two-way SMS)`,
    table: stateful.table,
    key: stateful.key,
  });
  const telephony = new TelephonyStack(app, `${prefix}-Telephony`, {
    env,
    config,
    description: `Hotline ${config.stage}: voice-ivr, invoked by the Amazon Connect instance`,
    table: stateful.table,
    key: stateful.key,
    alarmTopic: channels.alarmTopic,
    rejectedContactsQueue: channels.rejectedContactsQueue,
  });
  // One region as configured; an instance elsewhere needs cross-region references for the outbound flow id.
  const sameRegion = connectRegion(config.connectInstanceArn) === config.region;
  const connectStack = new ConnectStack(app, `${prefix}-Connect`, {
    env: { account: config.account, region: connectRegion(config.connectInstanceArn) },
    crossRegionReferences: !sameRegion,
    config,
    description: `Hotline ${config.stage}: in the Amazon Connect instance's region: IVR flow, contact records to call indicators, dashboard`,
  });
  // The flow names voice-ivr by ARN: the function must exist first.
  connectStack.addStackDependency(telephony);
  const webChannels = new WebChannelsStack(app, `${prefix}-WebChannels`, {
    env,
    config,
    description: `Hotline ${config.stage}: e-mail (SES receiving) and web chat (HTTP API)`,
    table: stateful.table,
    key: stateful.key,
    rejectedContactsQueue: channels.rejectedContactsQueue,
    chatContactFlowId: connectStack.chatHandoverFlowId,
    crossRegionReferences: !sameRegion,
  });

  const outbound = new OutboundStack(app, `${prefix}-Outbound`, {
    env,
    config,
    description: `Hotline ${config.stage}: outbound (outage and billing APIs, notice planner, dispatcher, billing drop bucket)`,
    table: stateful.table,
    key: stateful.key,
    alarmTopic: channels.alarmTopic,
    rejectedContactsQueue: channels.rejectedContactsQueue,
    outboundNoticeFlowId: connectStack.outboundNoticeFlowId,
    crossRegionReferences: !sameRegion,
  });

  const clocks = new ClocksStack(app, `${prefix}-Clocks`, {
    env,
    config,
    description: `Hotline ${config.stage}: clocks that fire (schedules per work order clock, sla-watch, the sweep)`,
    table: stateful.table,
    key: stateful.key,
    alarmTopic: channels.alarmTopic,
    ...(options.routing ? { routing: options.routing } : {}),
  });

  const backOffice = new BackOfficeStack(app, `${prefix}-BackOffice`, {
    env,
    config,
    description: `Hotline ${config.stage}: back office (staff user pool and groups, the ops API and ops-api, callback planner, quality dashboard)`,
    table: stateful.table,
    key: stateful.key,
    rejectedContactsQueue: channels.rejectedContactsQueue,
    alarmTopic: channels.alarmTopic,
    callbackTaskFlowId: connectStack.callbackTaskFlowId,
    ...(options.routing ? { routing: options.routing } : {}),
    crossRegionReferences: !sameRegion,
    // The handover's system state: every queue where failed work waits, and the dispatch backlog.
    systemState: {
      deadLetterQueues: {
        'outage-planner': outbound.plannerDeadLetterQueue,
        'notice-dispatch': outbound.dispatchDeadLetterQueue,
        'notice-relay-failures': outbound.relayFailureQueue,
        'delivery-receipts': outbound.deliveryReceipts.deadLetterQueue,
        'sla-watch': clocks.slaWatchDeadLetterQueue,
        'clock-keeper-failures': clocks.keeperFailureQueue,
        'cluster-watch-failures': outbound.clusterWatchFailureQueue,
      },
      dispatchQueues: [outbound.dispatchQueue, outbound.priorityDispatchQueue],
    },
  });

  for (const stack of [stateful, channels, telephony, connectStack, webChannels, outbound, clocks, backOffice]) {
    Tags.of(stack).add('project', 'hotline');
    Tags.of(stack).add('stage', config.stage);
  }

  // AWS Solutions checks run as a policy-validation plugin after synthesis;
  // any unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  return { config, stateful, channels, telephony, connect: connectStack, webChannels, outbound, clocks, backOffice };
}

/** `-c allowPlaceholders=true`: synthesise a stage whose config still holds example ids (CI, tests); never for a deploy. */
function allowPlaceholders(app: App): boolean {
  const value: unknown = app.node.tryGetContext('allowPlaceholders');
  return value === true || value === 'true';
}

buildHotlineIfEntryPoint();

function buildHotlineIfEntryPoint(): void {
  if (!isEntryPoint()) return;
  const app = new App();
  buildHotline(app);
  app.synth();
}

/** True when run as the CDK app (`tsx bin/app.ts`), false when a test imports it. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url);
}

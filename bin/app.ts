import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChannelsStack } from '../lib/channels-stack';
import { stageConfig, type StageConfig } from '../lib/config';
import { StatefulStack } from '../lib/stateful-stack';

/**
 * The hotline's stacks for one stage, on `app`. Separate from the entry
 * point so tests build exactly what `cdk synth` builds.
 *
 * @example
 * const app = new App({ context: { stage: 'dev' } });
 * const { stateful, channels } = buildHotline(app);
 */
export function buildHotline(app: App, config: StageConfig = stageConfig(String(app.node.tryGetContext('stage') ?? 'dev'))) {
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

  for (const stack of [stateful, channels]) {
    Tags.of(stack).add('project', 'hotline');
    Tags.of(stack).add('stage', config.stage);
  }

  // AWS Solutions checks run as a policy-validation plugin after synthesis;
  // any unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  return { config, stateful, channels };
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

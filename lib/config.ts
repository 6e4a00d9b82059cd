import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_SUSPICION_SETTINGS, type SuspicionSettings } from '../functions/outages/suspicion';

/**
 * Per-stage deployment settings, in one typed place. `bin/app.ts` picks a
 * stage with `-c stage=<name>`; the stacks read everything from here and
 * never from context or the environment, so `cdk synth` is deterministic and
 * works offline.
 */
export type StageName = 'dev' | 'prod';

export type FunctionLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface StageConfig {
  readonly stage: StageName;
  /**
   * Issue 13: when fault reports under one transformer open a suspected outage (cluster-watch);
   * default `DEFAULT_SUSPICION_SETTINGS` (3 distinct customers in 30 minutes, 2 in storm mode).
   * Intake files reports under the same windows: cluster-watch and every function that files
   * cluster reports get `suspicionEnvironment(config)`, and no stack sets `SUSPICION_*` otherwise.
   */
  readonly suspicion?: SuspicionSettings;
  /**
   * Account the stacks may deploy to. Left out, the CLI's credentials decide
   * at deploy time. Never triggers a context lookup: nothing in the app
   * calls `fromLookup`.
   */
  readonly account?: string;
  /**
   * Required: a TableV2 encrypted with a customer-managed key names its
   * replica's region in the template, which a region-agnostic stack cannot.
   * The stages use the Connect instance's region (ap-southeast-1), which
   * also receives mail through SES: Hong Kong (ap-east-1), nearer, has
   * neither Amazon Connect nor SES receiving.
   */
  readonly region: string;
  /**
   * Amazon Connect instance that owns the voice channel (used by the voice stack).
   * In the stage's region, the IVR function is associated with the instance.
   * An instance elsewhere still works: the flow and contact-record stream
   * deploy in the instance's region and call voice-ivr by ARN, without the
   * association (Connect associates same-region functions only).
   */
  readonly connectInstanceArn: string;
  /** Queue of that instance the IVR hands callers to (voice stack, issue 3). */
  readonly connectAgentQueueArn: string;
  /**
   * Callbacks (issue 15) as Amazon Connect tasks: the centre's go to the
   * agent queue, a whistleblowing report's to the discipline-inspection
   * office's own queue (only its staff are in it), through the callback task
   * flow the Connect stack deploys; started at most `tasksPerSecond` over the
   * whole planner (StartTaskContact's quota: 2 per second by default).
   */
  readonly callbacks: {
    readonly officeQueueArn: string;
    readonly tasksPerSecond: number;
  };
  readonly sms: {
    /** Two-way number (E.164) replies are sent from; also the inbound number. */
    readonly originationNumber: string;
    /** Provider throughput for the origination identity, in message parts per second (outbound dispatcher). */
    readonly messagePartsPerSecond: number;
  };
  /** Outbound notices (issue 5): dispatcher pacing and concurrency, voice calls, the dispatch queue alarm. */
  readonly outbound: {
    /** Reserved concurrency of outbound-dispatcher; each container paces at the stage's rates divided by this. */
    readonly dispatcherConcurrency: number;
    /** Outbound calls per second the Amazon Connect instance allows (StartOutboundVoiceContact). */
    readonly voiceCallsPerSecond: number;
    /** Alarm when the oldest dispatch message waits longer than this (a fan-out at the stage's SMS rate takes its time). */
    readonly dispatchMaxAgeMinutes: number;
  };
  /**
   * The back office (issue 11): the staff user pool's sign-in for the ops
   * console (authorization code with PKCE, no client secret) and the ops API's
   * throttling.
   */
  readonly backOffice: {
    /** Where Cognito's sign-in sends the console back with the code: https, or http://localhost for a developer's console. */
    readonly consoleCallbackUrls: readonly string[];
    readonly consoleLogoutUrls: readonly string[];
    /** Cognito sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region. */
    readonly signInDomainPrefix: string;
    /** Steady requests per second over the whole ops API, and the burst above it. */
    readonly apiRatePerSecond: number;
    readonly apiBurst: number;
  };
  /**
   * Price of the centre's paid home-repair visit (labour only, yuan) for a
   * fault in the customer's own wiring, as the replies to such a report state
   * it (DOMAIN.md: "a paid service with the price stated"). Set by the tariff
   * office; functions default to 50 when it is not given.
   */
  readonly paidRepairVisitYuan: number;
  /** Verified SES identity for the e-mail channel (later). */
  readonly sesDomain?: string;
  /** Receives CloudWatch alarm notifications (dead-letter queue depth and others). */
  readonly alarmEmail: string;
  /** A message from the same sender about the same type within this window appends to the open ticket. */
  readonly threadWindowHours: number;
  /** IANA zone of the service centre (working days, quiet hours). */
  readonly timeZone: string;
  readonly logLevel: FunctionLogLevel;
  readonly logRetention: RetentionDays;
  /**
   * What CloudFormation does with data-bearing resources (table, key, log
   * groups) when they leave the stack. RETAIN also turns on table deletion
   * protection and stack termination protection.
   */
  readonly removalPolicy: RemovalPolicy;
}

/** The stages this app knows; examples until the real account values are filled in. */
export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    stage: 'dev',
    region: 'ap-southeast-1',
    connectInstanceArn: 'arn:aws:connect:ap-southeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000',
    connectAgentQueueArn: 'arn:aws:connect:ap-southeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/queue/22222222-2222-2222-2222-222222222222',
    callbacks: { officeQueueArn: 'arn:aws:connect:ap-southeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000/queue/55555555-5555-5555-5555-555555555555', tasksPerSecond: 2 },
    sms: { originationNumber: '+6531001234', messagePartsPerSecond: 1 },
    outbound: { dispatcherConcurrency: 1, voiceCallsPerSecond: 1, dispatchMaxAgeMinutes: 120 },
    backOffice: {
      consoleCallbackUrls: ['http://localhost:5173/callback'],
      consoleLogoutUrls: ['http://localhost:5173/'],
      signInDomainPrefix: 'hotline-dev-staff',
      apiRatePerSecond: 20,
      apiBurst: 40,
    },
    paidRepairVisitYuan: 50,
    alarmEmail: 'hotline-dev-alarms@example.com',
    threadWindowHours: 72,
    timeZone: 'Asia/Shanghai',
    logLevel: 'DEBUG',
    logRetention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  },
  prod: {
    stage: 'prod',
    // Example identifiers: replace with the production account's before the first deploy.
    account: '111122223333',
    region: 'ap-southeast-1',
    connectInstanceArn: 'arn:aws:connect:ap-southeast-1:111122223333:instance/11111111-1111-1111-1111-111111111111',
    connectAgentQueueArn: 'arn:aws:connect:ap-southeast-1:111122223333:instance/11111111-1111-1111-1111-111111111111/queue/33333333-3333-3333-3333-333333333333',
    callbacks: { officeQueueArn: 'arn:aws:connect:ap-southeast-1:111122223333:instance/11111111-1111-1111-1111-111111111111/queue/66666666-6666-6666-6666-666666666666', tasksPerSecond: 2 },
    sms: { originationNumber: '+6531005678', messagePartsPerSecond: 20 },
    outbound: { dispatcherConcurrency: 4, voiceCallsPerSecond: 4, dispatchMaxAgeMinutes: 180 },
    backOffice: {
      consoleCallbackUrls: ['https://ops.hotline.example.com/callback'],
      consoleLogoutUrls: ['https://ops.hotline.example.com/'],
      signInDomainPrefix: 'hotline-prod-staff',
      apiRatePerSecond: 100,
      apiBurst: 200,
    },
    paidRepairVisitYuan: 50,
    sesDomain: 'hotline.example.com',
    alarmEmail: 'hotline-oncall@example.com',
    threadWindowHours: 72,
    timeZone: 'Asia/Shanghai',
    logLevel: 'INFO',
    logRetention: RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  },
};

const E164 = /^\+[1-9]\d{1,14}$/;
const CONNECT_INSTANCE_ARN = /^arn:aws[\w-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/;

/** Thrown at synth time when a stage name or a stage's settings are unusable. */
export class StageConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StageConfigError';
  }
}

/**
 * The validated config of a stage, failing synthesis early on a typo rather
 * than deploying a half-configured stack.
 *
 * @example
 * const config = stageConfig(app.node.tryGetContext('stage') ?? 'dev');
 */
export function stageConfig(name: string, options: { readonly allowPlaceholders?: boolean } = {}): StageConfig {
  if (!Object.hasOwn(STAGES, name)) {
    throw new StageConfigError(`Unknown stage "${name}"; expected one of: ${Object.keys(STAGES).join(', ')}`);
  }
  const config = STAGES[name as StageName];
  const placeholders = placeholderProblems(config);
  if (placeholders.length > 0 && !options.allowPlaceholders) {
    throw new StageConfigError(
      `Stage "${name}" still holds placeholder ids, which must never deploy: ${placeholders.join('; ')}. Put the real values in lib/config.ts, or synthesise it as an example with -c allowPlaceholders=true`,
    );
  }
  const problems: string[] = [];
  if (!E164.test(config.sms.originationNumber)) problems.push('sms.originationNumber must be E.164 (+ and up to 15 digits)');
  if (!(config.sms.messagePartsPerSecond > 0)) problems.push('sms.messagePartsPerSecond must be positive');
  if (!CONNECT_INSTANCE_ARN.test(config.connectInstanceArn)) problems.push('connectInstanceArn must be an Amazon Connect instance ARN');
  if (!config.connectAgentQueueArn.startsWith(`${config.connectInstanceArn}/queue/`)) problems.push('connectAgentQueueArn must be a queue of connectInstanceArn');
  if (!config.callbacks.officeQueueArn.startsWith(`${config.connectInstanceArn}/queue/`)) problems.push('callbacks.officeQueueArn must be a queue of connectInstanceArn');
  if (config.callbacks.officeQueueArn === config.connectAgentQueueArn) problems.push("callbacks.officeQueueArn must not be the agent queue (a report's callback is the office's alone)");
  if (!(config.callbacks.tasksPerSecond > 0 && config.callbacks.tasksPerSecond <= 5)) problems.push("callbacks.tasksPerSecond must be above 0 and at most 5 (StartTaskContact's burst)");
  if (!(Number.isInteger(config.outbound.dispatcherConcurrency) && config.outbound.dispatcherConcurrency >= 1)) problems.push('outbound.dispatcherConcurrency must be a positive integer');
  if (config.sms.messagePartsPerSecond < config.outbound.dispatcherConcurrency) problems.push('sms.messagePartsPerSecond must be at least outbound.dispatcherConcurrency (each container paces at a whole share of it)');
  if (config.outbound.voiceCallsPerSecond < config.outbound.dispatcherConcurrency) problems.push('outbound.voiceCallsPerSecond must be at least outbound.dispatcherConcurrency');
  if (!(config.outbound.dispatchMaxAgeMinutes > 0)) problems.push('outbound.dispatchMaxAgeMinutes must be positive');
  if (!(config.threadWindowHours > 0)) problems.push('threadWindowHours must be positive');
  for (const [field, value] of Object.entries(config.suspicion ?? {})) {
    // What the functions accept (outages/suspicion.ts suspicionSettings): refused here rather than at a cold start.
    if (!(Number.isInteger(value) && value > 0)) problems.push(`suspicion.${field} must be a positive whole number`);
  }
  problems.push(...backOfficeProblems(config));
  if (!/^[^@\s]+@[^@\s]+$/.test(config.alarmEmail)) problems.push('alarmEmail must be an e-mail address');
  if (!isTimeZone(config.timeZone)) problems.push(`timeZone "${config.timeZone}" is not an IANA time zone`);
  if (problems.length > 0) {
    throw new StageConfigError(`Stage "${name}" is misconfigured: ${problems.join('; ')}`);
  }
  return config;
}

/** What example values look like: ids of one repeated digit, AWS's documentation accounts, example domains. */
const PLACEHOLDERS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}/i, what: 'an id of one repeated digit' },
  { pattern: /(?<!\d)(111122223333|123456789012|000000000000)(?!\d)/, what: "AWS's documentation account" },
  { pattern: /(^|[@.])example\.(com|net|org|cn)$/i, what: 'an example domain' },
  { pattern: /^https?:\/\/(?:[^/]+\.)?example\.(com|net|org|cn)(?=[:/]|$)/i, what: 'an example domain in a URL' },
];

/**
 * Every field of a stage config that holds a placeholder, as `field: value (why)`.
 *
 * @example
 * placeholderProblems(STAGES.prod); // ['account: 111122223333 (AWS's documentation account 111122223333)', ...]
 */
export function placeholderProblems(config: StageConfig): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      for (const { pattern, what } of PLACEHOLDERS) {
        const match = pattern.exec(value);
        if (match) problems.push(`${path}: ${value} (${what} ${match[0].replace(/^[@.]/, '')})`);
      }
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
    }
  };
  visit(config, '');
  return problems;
}

/** A console URL Cognito accepts: https, or plain http only on localhost (a developer's console). */
const CONSOLE_URL = /^(https:\/\/[^\s/]+|http:\/\/localhost(:\d+)?)(\/\S*)?$/;
/** Cognito's domain prefix rule (lower-case letters, digits, hyphens; no "aws", "amazon" or "cognito"). */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function backOfficeProblems(config: StageConfig): string[] {
  const { backOffice: b } = config;
  const problems: string[] = [];
  if (b.consoleCallbackUrls.length === 0) problems.push('backOffice.consoleCallbackUrls must name at least one URL');
  for (const url of [...b.consoleCallbackUrls, ...b.consoleLogoutUrls]) if (!CONSOLE_URL.test(url)) problems.push(`backOffice console URL ${url} must be https (or http://localhost)`);
  if (!DOMAIN_PREFIX.test(b.signInDomainPrefix) || /aws|amazon|cognito/.test(b.signInDomainPrefix)) problems.push('backOffice.signInDomainPrefix must be lower-case letters, digits and hyphens, without aws, amazon or cognito');
  if (!(b.apiRatePerSecond > 0 && b.apiBurst >= b.apiRatePerSecond)) problems.push('backOffice.apiRatePerSecond must be positive and apiBurst at least as large');
  if (!(Number.isFinite(config.paidRepairVisitYuan) && config.paidRepairVisitYuan > 0)) problems.push('paidRepairVisitYuan must be a positive amount of yuan');
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The `SUSPICION_*` variables (outages/suspicion.ts `suspicionSettings`), from the stage config or the
 * defaults: the cluster watch counts by them and every intake function files its cluster reports by the
 * same window, so they are set from this one place.
 *
 * @example
 * environment: { TABLE_NAME: table.tableName, ...suspicionEnvironment(config) }
 */
export function suspicionEnvironment(config: Pick<StageConfig, 'suspicion'>): Record<'SUSPICION_THRESHOLD' | 'STORM_SUSPICION_THRESHOLD' | 'SUSPICION_WINDOW_MINUTES', string> {
  const settings = config.suspicion ?? DEFAULT_SUSPICION_SETTINGS;
  return {
    SUSPICION_THRESHOLD: String(settings.threshold),
    STORM_SUSPICION_THRESHOLD: String(settings.stormThreshold),
    SUSPICION_WINDOW_MINUTES: String(settings.windowMinutes),
  };
}

/**
 * The one logger: one JSON line per entry on stdout, with the field names
 * Powertools Logger prints (level, message, timestamp, service, cold_start,
 * function_arn, function_memory_size, function_name, function_request_id,
 * xray_trace_id, and an Error as name, location, message, stack, cause), so
 * log queries written for Powertools keep working.
 *
 * Written by hand rather than Powertools Logger because every function's
 * bundle carried 17.9 KiB of the logger and 3.4 to 5.0 KiB of its commons
 * (bench/run.ts holds bundles to 1.15x their SDK clients); this file is
 * 1.7 KiB of a bundle. Measured with BENCH_ONLY=bundles, every function's
 * bundle lost 17.8 to 19.9 KiB (clock-keeper 347.2 -> 327.4 KiB, 1.172 ->
 * 1.105 of its SDK clients; sms-inbound 525.5 -> 506.5 KiB).
 *
 * What it leaves out the functions did not use: log sampling (and so
 * Powertools' `sampling_rate`, always 0 here), buffering, appended and
 * persistent keys, child loggers, logging the event. Every level goes to
 * stdout (Powertools sent WARN and ERROR to stderr; Lambda ships both to
 * the same log stream).
 *
 * Personal data (phone numbers, e-mail addresses, account numbers, message
 * bodies) never goes in a log line: log fingerprints from
 * shared/fingerprint.ts and ids instead.
 */
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';

/** Powertools' level thresholds: an entry is printed when its level is at or above the configured one. */
const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type LevelName = keyof typeof LEVELS;

/** Keys an entry's attributes cannot overwrite (Powertools drops them too). */
const RESERVED_KEYS = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

export type LogAttributes = Readonly<Record<string, unknown>>;

/** The invocation fields Powertools adds to every line once it has the Lambda context. */
interface InvocationFields {
  readonly cold_start: boolean;
  readonly function_arn: string;
  readonly function_memory_size: string | number;
  readonly function_name: string;
  readonly function_request_id: string;
}

/**
 * A structured JSON logger configured from the environment when it is made:
 * POWERTOOLS_LOG_LEVEL (default INFO; SILENT prints nothing) and
 * POWERTOOLS_SERVICE_NAME, both set by lib/constructs/hotline-function.ts.
 *
 * @example
 * const logger = new JsonLogger(process.env);
 * logger.info('clocks kept', { created: 2, deleted: 1 });
 */
export class JsonLogger {
  readonly #threshold: number;
  readonly #service: string;
  readonly #env: Readonly<Record<string, string | undefined>>;
  /** As Powertools: only an on-demand container has a cold start to report (not provisioned concurrency, not a test). */
  #coldStart: boolean;
  #invocation: InvocationFields | undefined;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    const level = env.POWERTOOLS_LOG_LEVEL?.toUpperCase();
    this.#threshold = level && level in LEVELS ? LEVELS[level as LevelName] : LEVELS.INFO;
    this.#service = env.POWERTOOLS_SERVICE_NAME || 'hotline';
    this.#env = env;
    this.#coldStart = env.AWS_LAMBDA_INITIALIZATION_TYPE === 'on-demand';
  }

  debug(message: string, attributes?: LogAttributes): void {
    this.#write('DEBUG', message, attributes);
  }

  info(message: string, attributes?: LogAttributes): void {
    this.#write('INFO', message, attributes);
  }

  warn(message: string, attributes?: LogAttributes): void {
    this.#write('WARN', message, attributes);
  }

  error(message: string, attributes?: LogAttributes): void {
    this.#write('ERROR', message, attributes);
  }

  /** The invocation's fields go on every line until {@link endInvocation}; the first invocation of the container is its cold start. */
  startInvocation(context: Context): void {
    this.#invocation = {
      cold_start: this.#coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    this.#coldStart = false;
  }

  /** Lines written between invocations carry no request's fields. */
  endInvocation(): void {
    this.#invocation = undefined;
  }

  #write(level: LevelName, message: unknown, attributes: LogAttributes = {}): void {
    if (LEVELS[level] < this.#threshold) return;
    const entry: Record<string, unknown> = {
      level,
      // Powertools' HTTP router passes an Error as the message on an invalid method.
      message: typeof message === 'string' ? message : String(message),
      timestamp: new Date().toISOString(),
      service: this.#service,
      ...this.#invocation,
      xray_trace_id: traceId(this.#env._X_AMZN_TRACE_ID),
    };
    for (const [key, value] of Object.entries(attributes)) if (!RESERVED_KEYS.has(key)) entry[key] = value;
    process.stdout.write(`${serialise(entry)}\n`);
  }
}

/** The trace id in Lambda's `Root=1-...;Parent=...;Sampled=1` header value. */
function traceId(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return header.includes('=') ? /(?:^|;)Root=([^;]*)/.exec(header)?.[1] : header;
}

/**
 * The entry as JSON, Errors as Powertools formats them and BigInts as text.
 * An entry JSON cannot hold (a cycle) still leaves a line rather than
 * failing the invocation that logs it.
 */
function serialise(entry: Record<string, unknown>): string {
  const replacer = (_key: string, value: unknown) => (value instanceof Error ? formatError(value) : typeof value === 'bigint' ? value.toString() : value);
  try {
    return JSON.stringify(entry, replacer);
  } catch (error) {
    const { level, message, timestamp, service } = entry;
    return JSON.stringify({ level, message, timestamp, service, log_error: `attributes not serialisable: ${(error as Error).name}` });
  }
}

/** An Error as Powertools prints it: name, where it was thrown, message, stack, cause, and its own fields (an SDK error's $metadata). */
function formatError(error: Error): Record<string, unknown> {
  const formatted: Record<string, unknown> = {
    name: error.name,
    location: /\(([^()\n]*?):(\d+?):\d+?\)$/m.exec(error.stack ?? '')?.slice(1, 3).join(':') ?? '',
    message: error.message,
    stack: error.stack,
    cause: error.cause,
  };
  for (const key in error) if (!['name', 'message', 'stack', 'cause'].includes(key)) formatted[key] = (error as unknown as Record<string, unknown>)[key];
  return formatted;
}

/**
 * Middleware that puts the Lambda context's fields on every line of the
 * invocation and takes them off when it ends, returned or thrown; use it
 * first, so the other middlewares' lines carry them too.
 *
 * @example
 * export const handler = middy(run).use(injectLambdaContext(logger));
 */
export function injectLambdaContext(target: JsonLogger): middy.MiddlewareObj {
  return {
    before: (request) => target.startInvocation(request.context),
    after: () => target.endInvocation(),
    onError: () => target.endInvocation(),
  };
}

export const logger = new JsonLogger();

/**
 * Clocks locally (issue 11, "Local time travel"): the runtime's movable
 * clock, an EventBridge Scheduler stand-in, the clock keeper on the table's
 * stream, and the sla-watch queue.
 *
 * - Every function the runtime runs reads `now()` (functions/shared/time.ts);
 *   this clock is its source: real time plus an offset that only grows.
 * - `SchedulerClocks` sends CreateSchedule/DeleteSchedule as in AWS; a
 *   middleware on the Scheduler client keeps them here instead (a second
 *   create is a ConflictException, deleting a missing one a
 *   ResourceNotFoundException, as Scheduler answers), saved in
 *   `<dataDir>/schedules.json`.
 * - The table stream (DynamoDB Local's, local/table-stream.ts) feeds
 *   `clock-keeper` (filtered to work orders, as the stack's event source
 *   is), so a work order's schedules appear when it is written.
 * - `POST /local/clock {"advance":"PT50M"}` reads the stream up to now, then
 *   steps the clock to each schedule due within the advance in turn and
 *   delivers it to `sla-watch` (as the queue would), then runs one sweep
 *   (`clock-sweep`, whose SQS sends reach sla-watch the same way); a
 *   dispatcher pass runs at every stop and wherever a notice waits on the way
 *   (quiet hours, retries), so texts land in `GET /outbox` when they would.
 * - `GET /local/clock`: the time and the schedules waiting.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { InitializeMiddleware } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { useTimeSource } from '../functions/shared/time';
import { FUNCTION_CATALOG } from '../lib/function-catalog';
import { readBody, sendJson } from './http';
import { lambdaContext } from './lambda-context';
import { answerLocally } from './outbox';
import { keysOf, type LocalTableFeed, type StreamRecord } from './table-stream';

/** The names the clock functions read (functions/clocks/config.ts), with local values. */
export const LOCAL_CLOCK_RESOURCES = {
  CLOCK_SCHEDULE_GROUP: 'hotline-local-clocks',
  SLA_WATCH_QUEUE_ARN: 'arn:aws:sqs:local:000000000000:sla-watch',
  SLA_WATCH_QUEUE_URL: 'http://localhost/queue/sla-watch',
  CLOCK_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-clock-scheduler',
} as const;

/** The longest single advance: a year and a month covers any limit the centre has. */
const MAX_ADVANCE_MS = 400 * 86_400_000;
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * An ISO-8601 duration (`PT50M`, `P1DT2H`, `P2W`) in milliseconds, or undefined if it is not one (or is zero).
 *
 * @example
 * durationMs('PT50M'); // 3_000_000
 */
export function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, m, s] = match.map((part) => Number(part ?? 0));
  const ms = ((((w as number) * 7 + (d as number)) * 24 + (h as number)) * 60 + (m as number)) * 60_000 + (s as number) * 1000;
  return ms > 0 ? ms : undefined;
}

interface LocalSchedule {
  readonly name: string;
  readonly group: string;
  /** ISO instant, UTC. */
  readonly at: string;
  readonly targetArn: string;
  readonly input: string;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * @example
 * const clocks = new LocalClocks(dataDir, outbound, log);
 * await clocks.attach(feed);
 * await clocks.advance(50 * 60_000);
 */
export class LocalClocks {
  private offsetMs = 0;
  private readonly schedules = new Map<string, LocalSchedule>();
  private feed?: LocalTableFeed;
  private invocations = 0;

  constructor(
    private readonly dataDir: string,
    private readonly outbound: { dispatchDue(at: Date): Promise<{ outcomes: Record<string, number> }>; pendingUntil(until: Date): Promise<Date[]> },
    private readonly log: (line: string) => void,
    /** A later instant than the clock's moves it there at once (the runtime's `clockStart`). */
    startAt?: Date,
  ) {
    const saved = this.read<{ offsetMs?: number; schedules?: LocalSchedule[] }>('schedules.json');
    this.offsetMs = Math.max(saved?.offsetMs ?? 0, startAt ? startAt.getTime() - Date.now() : 0);
    for (const schedule of saved?.schedules ?? []) this.schedules.set(keyOf(schedule.group, schedule.name), schedule);
    // The functions' one time source (functions/shared/time.ts): real time, moved on by every advance.
    useTimeSource(() => this.now());
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** The Scheduler stand-in, the sla-watch queue, and the clock keeper on the table's stream. */
  async attach(feed: LocalTableFeed): Promise<void> {
    const [{ scheduler }, { sqs }, { ConflictException, ResourceNotFoundException }] = await Promise.all([
      import('../functions/shared/scheduler-clients'),
      import('../functions/shared/clients'),
      import('@aws-sdk/client-scheduler'),
    ]);
    const middleware: InitializeMiddleware<object, object> = (_next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const group = String(input.GroupName ?? 'default');
      const key = keyOf(group, String(input.Name));
      if (context.commandName === 'CreateScheduleCommand') {
        if (this.schedules.has(key)) throw new ConflictException({ message: `Schedule ${String(input.Name)} already exists.`, Message: `Schedule ${String(input.Name)} already exists.`, $metadata: {} });
        const at = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/.exec(String(input.ScheduleExpression))?.[1];
        if (!at || input.ScheduleExpressionTimezone !== 'UTC') throw new Error(`local Scheduler: only one-time at() schedules in UTC, not ${String(input.ScheduleExpression)}`);
        const target = (input.Target ?? {}) as { Arn?: string; Input?: string };
        this.schedules.set(key, { name: String(input.Name), group, at: `${at}.000Z`, targetArn: String(target.Arn), input: String(target.Input ?? '{}') });
        this.save();
        return { output: { ScheduleArn: `arn:aws:scheduler:local:000000000000:schedule/${group}/${String(input.Name)}`, $metadata: {} }, response: {} };
      }
      if (context.commandName === 'DeleteScheduleCommand') {
        if (!this.schedules.delete(key)) throw new ResourceNotFoundException({ message: `Schedule ${String(input.Name)} does not exist.`, Message: `Schedule ${String(input.Name)} does not exist.`, $metadata: {} });
        this.save();
        return { output: { $metadata: {} }, response: {} };
      }
      throw new Error(`local Scheduler: ${context.commandName ?? 'this command'} is not emulated`);
    };
    scheduler.middlewareStack.add(middleware as never, { step: 'initialize', name: 'localScheduler', override: true });

    // The sweep's sends to the sla-watch queue are delivered at once, as the event source would.
    answerLocally(sqs, 'localSlaWatchQueue', async (command, input) => {
      if (input.QueueUrl !== LOCAL_CLOCK_RESOURCES.SLA_WATCH_QUEUE_URL) return undefined;
      if (command === 'SendMessageCommand') {
        await this.watch([String(input.MessageBody)]);
        return { MessageId: `local-${this.invocations}` };
      }
      if (command !== 'SendMessageBatchCommand') return undefined;
      const entries = (input.Entries ?? []) as { Id: string; MessageBody: string }[];
      await this.watch(entries.map((e) => e.MessageBody));
      return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: `local-${e.Id}`, MD5OfMessageBody: '' })), Failed: [] };
    });

    this.feed = feed;
    feed.subscribe({ name: FUNCTION_CATALOG.clockKeeper.name, wants: isWorkOrderChange, handler: () => this.handler(FUNCTION_CATALOG.clockKeeper.entry) });
  }

  /**
   * Moves the clock on by `ms`, stopping on the way wherever something is
   * due, in order: a schedule fires into sla-watch at its own instant, and a
   * dispatcher pass runs there and wherever a notice waits (quiet hours, a
   * retry), as the dispatch queue's delayed messages would wake it; at the
   * end one sweep and one more pass.
   */
  async advance(ms: number): Promise<{ now: string; fired: { name: string; at: string }[]; swept: unknown; dispatched: Record<string, number> }> {
    await this.feed?.drain();
    const target = this.now().getTime() + ms;
    const fired: { name: string; at: string }[] = [];
    const dispatched: Record<string, number> = {};
    const pass = async () => {
      for (const [kind, n] of Object.entries((await this.outbound.dispatchDue(this.now())).outcomes)) dispatched[kind] = (dispatched[kind] ?? 0) + n;
    };
    await pass();
    for (let step = 0; step < 10_000; step++) {
      const schedule = [...this.schedules.values()].filter((s) => Date.parse(s.at) <= target).sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name))[0];
      const waiting = (await this.outbound.pendingUntil(new Date(target))).map((d) => d.getTime()).filter((t) => t > this.now().getTime());
      const noticeAt = waiting.length > 0 ? Math.min(...waiting) : Number.POSITIVE_INFINITY;
      const scheduleAt = schedule ? Date.parse(schedule.at) : Number.POSITIVE_INFINITY;
      if (!Number.isFinite(Math.min(noticeAt, scheduleAt))) break;
      this.moveTo(Math.max(Math.min(noticeAt, scheduleAt), this.now().getTime()));
      if (schedule && scheduleAt <= noticeAt) {
        // ActionAfterCompletion: DELETE.
        this.schedules.delete(keyOf(schedule.group, schedule.name));
        this.save();
        fired.push({ name: schedule.name, at: schedule.at });
        if (schedule.targetArn === LOCAL_CLOCK_RESOURCES.SLA_WATCH_QUEUE_ARN) await this.watch([schedule.input]);
        else this.log(`local Scheduler: schedule ${schedule.name} targets ${schedule.targetArn}, which is not emulated; dropped`);
        await this.feed?.drain();
      }
      await pass();
    }
    this.moveTo(Math.max(target, this.now().getTime()));
    const sweep = await this.handler(FUNCTION_CATALOG.clockSweep.entry);
    const swept = await sweep({ version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', time: this.now().toISOString(), detail: {} }, this.context(FUNCTION_CATALOG.clockSweep.name));
    await pass();
    return { now: this.now().toISOString(), fired, swept, dispatched };
  }

  /** `POST /local/clock` and `GET /local/clock`; false for any other request. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== '/local/clock') return false;
    if (req.method === 'GET') {
      req.resume();
      await this.feed?.drain();
      sendJson(res, 200, { now: this.now().toISOString(), offsetMs: this.offsetMs, schedules: [...this.schedules.values()].sort((a, b) => a.at.localeCompare(b.at)) });
      return true;
    }
    if (req.method !== 'POST') return false;
    const body = await readBody(req, 4096);
    if (body === 'too_large') {
      sendJson(res, 413, { message: 'body: at most 4096 bytes' });
      return true;
    }
    let advance: unknown;
    try {
      advance = (JSON.parse(body.toString('utf8') || '{}') as { advance?: unknown }).advance;
    } catch {
      sendJson(res, 400, { message: 'body: a JSON object {"advance": "PT50M"} is required', field: 'body' });
      return true;
    }
    const ms = durationMs(advance);
    if (ms === undefined || ms > MAX_ADVANCE_MS) {
      sendJson(res, 400, { message: 'advance: a positive ISO-8601 duration of at most P400D is required, such as "PT50M" or "P1DT2H"', field: 'advance' });
      return true;
    }
    sendJson(res, 200, await this.advance(ms));
    return true;
  }

  private moveTo(instant: number): void {
    this.offsetMs = instant - Date.now();
    this.save();
  }

  /** Delivers clock messages to sla-watch as the queue's event source would: one SQS event. */
  private async watch(bodies: readonly string[]): Promise<void> {
    const slaWatch = await this.handler(FUNCTION_CATALOG.slaWatch.entry);
    const Records = bodies.map((body) => ({
      messageId: `local-${++this.invocations}`,
      receiptHandle: 'local',
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(this.now().getTime()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(this.now().getTime()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: LOCAL_CLOCK_RESOURCES.SLA_WATCH_QUEUE_ARN,
      awsRegion: 'local',
    }));
    const result = (await slaWatch({ Records }, this.context(FUNCTION_CATALOG.slaWatch.name))) as { batchItemFailures?: unknown[] };
    if (result.batchItemFailures && result.batchItemFailures.length > 0) this.log(`sla-watch: ${result.batchItemFailures.length} look(s) failed (in AWS they would be redelivered, then kept in the DLQ)`);
  }

  private async handler(entry: string): Promise<Handler> {
    const module = (await import(`../${entry}`)) as { handler: Handler };
    return module.handler;
  }

  private context(functionName: string): Context {
    return lambdaContext(functionName, `00000000-0000-4000-9000-${(++this.invocations).toString(16).padStart(12, '0')}`);
  }

  private save(): void {
    writeFileSync(join(this.dataDir, 'schedules.json'), `${JSON.stringify({ offsetMs: this.offsetMs, schedules: [...this.schedules.values()] }, null, 2)}\n`);
  }

  private read<T>(file: string): T | undefined {
    const path = join(this.dataDir, file);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
  }
}

/** The keeper's filter, as the clocks stack's event source filters it: work-order items (sk `ORDER#...`). */
function isWorkOrderChange(record: StreamRecord): boolean {
  return keysOf(record).sk.startsWith('ORDER#');
}

function keyOf(group: string, name: string): string {
  return `${group}/${name}`;
}

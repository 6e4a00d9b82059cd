/**
 * The outbound side of the local runtime (issue 5): the billing API and the
 * file drop, the dispatcher run on demand, and the unreachable list.
 *
 * - `POST /billing/notices`: the billing API (`{ batchId, items }`, up to 1,000 items).
 * - `POST /billing/files?name=bills-2026-03-09.csv`: the S3 drop; the body is the file (CSV or JSONL), streamed.
 * - `POST /dispatch` (body `{ "at": "<ISO instant>" }`, optional): one dispatcher pass over the due
 *   notices, as of `at` (default now). In AWS a DynamoDB stream relays new notices to SQS and the
 *   dispatcher consumes it; locally this pass replaces stream and queues (a Scan of pending notices,
 *   important customers' first) and runs the same use case and adapters, so texts and calls land in
 *   `GET /outbox`.
 * - `GET /billing/unreachable`: `{ entries }`, customers given up on after three attempts.
 *
 * Failure injection for demos: `HOTLINE_LOCAL_FAILING_DIGITS=9` makes every text and call to a
 * number ending in 9 fail (see `failingFor` in outbox.ts).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { join } from 'node:path';
import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { answerThroughApiGateway } from './api-gateway';
import { acceptBillingFile, type BillingIntakeDeps } from '../functions/billing/billing-intake';
import { DEFAULT_LATE_FEE_RULE } from '../functions/billing/late-fee';
import { ConnectVoiceCaller } from '../functions/outbound/adapters/connect-voice-caller';
import { DynamoNoticeStore, DynamoOptOutLedger } from '../functions/outbound/adapters/dynamo-notice-store';
import { unreachableEntry, type UnreachableEntry } from '../functions/outbound/adapters/s3-unreachable-reporter';
import { dispatchNotice, type DispatchDeps, type DispatchOutcome } from '../functions/outbound/dispatch';
import type { Notice } from '../functions/outbound/notice';
import { DEFAULT_QUIET_HOURS } from '../functions/outbound/quiet-hours';
import { noticeRenderer } from '../functions/outbound/render';
import { TokenBucket } from '../functions/outbound/token-bucket';
import { SnsSmsSender } from '../functions/sms/adapters/sns-sms-sender';
import { CachedWorkingCalendar, CalendarRepository } from '../functions/tickets/adapters/calendar-repository';
import { LOCAL_OUTBOUND_RESOURCES } from './outage-planning';
import { answerLocally, failingFor, describeConnectOutboundCommand, describeSnsCommand, type LocalOutbox } from './outbox';
import { readBody, sendJson } from './http';
import { now } from '../functions/shared/time';

const MAX_BODY_BYTES = 6 * 1024 * 1024;

const LOCAL_DISPATCH_QUEUE_URLS: readonly string[] = [LOCAL_OUTBOUND_RESOURCES.DISPATCH_QUEUE_URL, LOCAL_OUTBOUND_RESOURCES.PRIORITY_DISPATCH_QUEUE_URL];

export class LocalOutbound {
  private readonly notices: DynamoNoticeStore;
  private readonly intake: BillingIntakeDeps;
  private dispatchDeps?: DispatchDeps;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly dataDir: string,
  ) {
    this.notices = new DynamoNoticeStore(doc, tableName);
    // The same seed-plus-loaded-years calendar as the functions (POST /calendar loads a year into this table).
    const calendar = new CachedWorkingCalendar(new CalendarRepository(doc, tableName), { now, timeZone: 'Asia/Shanghai', ttlMs: 0 });
    this.intake = { notices: this.notices, now, calendar, lateFeeRule: DEFAULT_LATE_FEE_RULE };
  }

  /**
   * Points the dispatcher's SNS and Connect clients at the outbox (with the demo's failing digits),
   * and gives `delivery-receipts` (run through the Invoke API) local stand-ins for its queue, bucket
   * and topic: a requeue is a no-op (the dispatch pass finds due notices itself), an unreachable
   * report goes on the same list as the dispatch pass's.
   */
  async attach(outbox: LocalOutbox, failingDigits = process.env.HOTLINE_LOCAL_FAILING_DIGITS ?? ''): Promise<void> {
    const [{ sns, sqs }, { connect, s3 }] = await Promise.all([import('../functions/shared/clients'), import('../functions/shared/outbound-clients')]);
    outbox.attach(sns, failingFor(failingDigits, describeSnsCommand));
    outbox.attach(connect, failingFor(failingDigits, describeConnectOutboundCommand));
    const unreachablePath = join(this.dataDir, 'unreachable.jsonl');
    answerLocally(sqs, 'localDispatchQueues', (command, input) =>
      (command === 'SendMessageCommand' || command === 'SendMessageBatchCommand') && LOCAL_DISPATCH_QUEUE_URLS.includes(String(input.QueueUrl)) ? { Successful: [], Failed: [], MessageId: 'local' } : undefined,
    );
    answerLocally(s3, 'localUnreachableList', (command, input) => {
      if (command !== 'PutObjectCommand' || input.Bucket !== LOCAL_OUTBOUND_RESOURCES.BILLING_BUCKET) return undefined;
      appendFileSync(unreachablePath, `${String(input.Body)}\n`);
      return { ETag: '"local"' };
    });
    answerLocally(sns, 'localUnreachableTopic', (command, input) => (command === 'PublishCommand' && input.TopicArn === LOCAL_OUTBOUND_RESOURCES.UNREACHABLE_TOPIC_ARN ? { MessageId: 'local' } : undefined));
    this.dispatchDeps = {
      notices: this.notices,
      optOuts: new DynamoOptOutLedger(this.doc, this.tableName),
      sms: new SnsSmsSender(sns, process.env.SMS_ORIGINATION_NUMBER),
      voice: new ConnectVoiceCaller(connect, { instanceId: 'local-instance', contactFlowId: 'local-outbound-flow', sourcePhoneNumber: process.env.SMS_ORIGINATION_NUMBER ?? '' }),
      unreachable: { report: async (notice, at) => appendFileSync(unreachablePath, `${JSON.stringify(unreachableEntry(notice, at))}\n`) },
      pacers: { sms: new TokenBucket(50, Date.now), voice: new TokenBucket(10, Date.now) },
      text: noticeRenderer({ utilityName: process.env.UTILITY_NAME ?? 'XX' }),
      quietHours: { ...DEFAULT_QUIET_HOURS, timeZone: process.env.TIME_ZONE ?? 'Asia/Shanghai' },
      now,
      retryBackoffSeconds: [300, 1800],
      claimSeconds: 60,
    };
  }

  /** Answers the outbound routes; false for any other request. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/billing/notices') {
      const { handler } = await import('../functions/billing/handlers/billing-notices');
      await answerThroughApiGateway(req, res, url, handler, 'billing-notices');
    } else if (method === 'POST' && url.pathname === '/billing/files') {
      const name = url.searchParams.get('name') ?? 'billing-file.csv';
      const batchId = name.replace(/\.(csv|jsonl|ndjson)$/i, '').replace(/[^\w.-]/g, '_').slice(0, 64) || 'file';
      const report = await acceptBillingFile(batchId, req.pipe(lineProgress(`billing file ${name}`)), this.intake);
      sendJson(res, 200, report);
    } else if (method === 'POST' && url.pathname === '/dispatch') {
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === 'too_large') {
        sendJson(res, 413, { message: `the body is over ${MAX_BODY_BYTES} bytes` });
        return true;
      }
      const raw = body.toString('utf8').trim();
      // Default: the runtime's now, which POST /local/clock moves.
      const at = raw === '' ? now() : new Date(String((JSON.parse(raw) as { at?: string }).at ?? now().toISOString()));
      if (Number.isNaN(at.getTime())) sendJson(res, 400, { message: 'at must be an ISO instant' });
      else sendJson(res, 200, await this.dispatchDue(at));
    } else if (method === 'GET' && url.pathname === '/billing/unreachable') {
      sendJson(res, 200, { entries: this.unreachable() });
    } else {
      return false;
    }
    return true;
  }

  /**
   * One pass of the dispatcher over notices due at `at`: the local stand-in for stream, queues and
   * consumer. Important customers' notices go first, as the priority lane does in AWS.
   */
  async dispatchDue(at: Date): Promise<{ at: string; outcomes: Record<string, number> }> {
    if (!this.dispatchDeps) throw new Error('LocalOutbound.attach must run first');
    const deps = { ...this.dispatchDeps, now: () => at };
    const outcomes: Record<string, number> = {};
    for (const important of [true, false]) {
      const pages = paginateScan(
        { client: this.doc },
        {
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :notice) AND #status IN (:pending, :retrying) AND notBefore <= :at AND important = :important',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':notice': 'NOTICE#', ':pending': 'pending', ':retrying': 'retrying', ':at': at.toISOString(), ':important': important },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const outcome: DispatchOutcome = await dispatchNotice((item as Notice).noticeId, deps);
          outcomes[outcome.kind] = (outcomes[outcome.kind] ?? 0) + 1;
        }
      }
    }
    return { at: at.toISOString(), outcomes };
  }

  /**
   * When the notices still to send may go (`notBefore` of pending and
   * retrying ones, up to `until`): where the movable clock stops for a
   * dispatcher pass, as the dispatch queue's delayed messages would wake it.
   */
  async pendingUntil(until: Date): Promise<Date[]> {
    const pages = paginateScan(
      { client: this.doc },
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(pk, :notice) AND #status IN (:pending, :retrying) AND notBefore <= :until',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':notice': 'NOTICE#', ':pending': 'pending', ':retrying': 'retrying', ':until': until.toISOString() },
        ProjectionExpression: 'notBefore',
      },
    );
    const instants: Date[] = [];
    for await (const page of pages) for (const item of page.Items ?? []) instants.push(new Date(String(item.notBefore)));
    return instants;
  }

  unreachable(): UnreachableEntry[] {
    const path = join(this.dataDir, 'unreachable.jsonl');
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as UnreachableEntry);
  }
}

/**
 * Passes a file through unchanged and says, on the runtime's console, how
 * many lines have gone by every 50,000: a province's bill run is hundreds of
 * thousands of lines and otherwise silent until the answer.
 */
function lineProgress(label: string, every = 50_000): Transform {
  let lines = 0;
  let next = every;
  const started = performance.now();
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      if (lines >= next) {
        console.log(`${label}: ${lines} lines read in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        next = (Math.floor(lines / every) + 1) * every;
      }
      done(null, chunk);
    },
  });
}

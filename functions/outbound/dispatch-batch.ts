/**
 * One dispatcher invocation, with a batch from the bulk lane: important
 * customers first (issue 5). Primary course:
 * 1. take the priority lane empty, while more than the reserve of time is
 *    left, and send what it holds (`takePriorityLane`);
 * 2. then send its own notices (`dispatchLaneBatch`): claimed ahead of the
 *    pacer, side by side, and sent in the order they were queued, so the
 *    table's round trips overlap the pacing instead of standing between two
 *    sends (the handler reports the failed ones back to SQS through
 *    Powertools' batch processor);
 * 3. a notice that must wait (quiet hours, backoff) goes back on the lane it
 *    came from; a priority message is acknowledged once handled, a failed one
 *    is left to reappear (SQS redelivers it, then dead-letters it).
 */
import * as z from 'zod/mini';
import { claimForSending, readAhead, sendClaimed, waitForRate, type ClaimedNotice, type DispatchDeps, type DispatchOutcome, type NoticeReadAhead } from './dispatch';
import type { DispatchLanes, Lane, LaneMessage, PacerGrant } from './ports';

export interface BatchDeps {
  readonly dispatch: DispatchDeps;
  readonly lanes: DispatchLanes;
  /** Milliseconds left in this invocation. */
  readonly remainingMs: () => number;
  /** Stop taking priority work when less than this is left: the invocation's own batch needs it. */
  readonly reserveMs: number;
  /**
   * How many of a batch's notices are being claimed (read, checked, claimed)
   * while the pacer is busy with earlier ones: enough to cover the table's
   * round trips at the container's rate, few enough that a claim is not held
   * long before its send.
   */
  readonly claimAhead: number;
}

export type MessageResult =
  | { readonly lane: Lane; readonly kind: 'dispatched'; readonly noticeId: string; readonly outcome: DispatchOutcome }
  | { readonly lane: Lane; readonly kind: 'failed'; readonly noticeId: string; readonly error: string }
  | { readonly lane: Lane; readonly kind: 'wake_up' }
  | { readonly lane: Lane; readonly kind: 'malformed' };

const MAX_NOTICE_ID = 512;

/**
 * Notices a dispatcher claims ahead of its pacer. One after another, the four
 * table round trips of each notice stood between two sends and a container
 * fell well short of its share (bench/dispatch.ts: 0.54 of the rate on a
 * loaded machine). Twenty notices (20-60 parts) cover those round trips at a
 * share of up to ~100 parts a second, and at a share of 5 hold a claim some
 * seconds before its send, well inside the claim's 60 s.
 */
export const DISPATCH_CLAIM_AHEAD = 20;

/**
 * Step 1: takes the priority lane empty while more than the reserve of time
 * is left, sending what it holds. A handled message is acknowledged; a failed
 * one is left to reappear (SQS redelivers it, then dead-letters it).
 *
 * @example
 * const results = await takePriorityLane(deps);
 */
export async function takePriorityLane(deps: BatchDeps): Promise<MessageResult[]> {
  const results: MessageResult[] = [];
  while (deps.remainingMs() > deps.reserveMs) {
    const waiting = await deps.lanes.takePriority(10);
    if (waiting.length === 0) break;
    const page = await dispatchLaneBatch(waiting, 'priority', deps);
    for (const [n, result] of page.entries()) {
      results.push(result);
      if (result.kind !== 'failed') await deps.lanes.acknowledge(waiting[n] as LaneMessage);
    }
  }
  return results;
}

/**
 * Steps 2 and 3 for a batch of one lane, results in the batch's order. Up to
 * `claimAhead` notices are claimed side by side while the pacer lets earlier
 * ones through, each run of `claimAhead` read in one go (`readAhead`: two
 * table reads for the run instead of two per notice); each waits its turn at the pacer in the order it was queued
 * (important customers' order holds) and its send is under way before the
 * next one's wait begins. A notice that must wait is put back on its lane; a
 * notice whose dispatch throws is a `failed` result, for the caller to hand
 * back to its queue.
 *
 * @example
 * const results = await dispatchLaneBatch(records.map((r) => ({ id: r.messageId, body: r.body })), 'bulk', deps);
 */
export async function dispatchLaneBatch(messages: readonly LaneMessage[], lane: Lane, deps: BatchDeps): Promise<MessageResult[]> {
  const ahead = Math.max(1, deps.claimAhead);
  // The notices and opt-outs of each run of `ahead` messages are read in one go, when the first of them starts its claim
  // or, for every run after the first, as soon as the run before it was read.
  const reads = new Map<number, Promise<ReadonlyMap<string, NoticeReadAhead> | undefined>>();
  const readsFor = (n: number) => {
    const chunk = Math.floor(n / ahead);
    if (!reads.has(chunk)) reads.set(chunk, readChunk(messages.slice(chunk * ahead, (chunk + 1) * ahead), deps));
    return reads.get(chunk) as Promise<ReadonlyMap<string, NoticeReadAhead> | undefined>;
  };
  const claims: Promise<ClaimedMessage | MessageResult>[] = [];
  const claimNext = () => {
    const n = claims.length;
    const message = messages[n];
    if (!message) return;
    claims.push(claimMessage(message, lane, deps, readsFor(n)));
    // A run's first claim waited for its run's two reads and then its own write while the pacer sat idle (bench: ~6% of
    // the rate when the table is slow); read one run ahead, so that first claim waits for its write alone.
    if (n % ahead === 0 && n + ahead < messages.length) void readsFor(n).then(() => readsFor(n + ahead));
  };
  while (claims.length < Math.min(ahead, messages.length)) claimNext();
  const results: Promise<MessageResult>[] = [];
  for (let n = 0; n < messages.length; n++) {
    const claim = await (claims[n] as Promise<ClaimedMessage | MessageResult>);
    claimNext();
    if (claim.kind !== 'claimed') {
      results.push(Promise.resolve(claim));
      continue;
    }
    const grant = await waitForRate(claim.claimed, deps.dispatch);
    results.push(sendInTurn(claim, grant, lane, deps));
  }
  return Promise.all(results);
}

/**
 * One read for a run of messages' notices and opt-outs. If it fails, each
 * claim reads its own notice (`claimForSending` without a read ahead) and
 * fails, or not, on its own.
 */
async function readChunk(messages: readonly LaneMessage[], deps: BatchDeps): Promise<ReadonlyMap<string, NoticeReadAhead> | undefined> {
  const noticeIds = messages.map((m) => parseMessage(m.body)).filter((id): id is string => id !== undefined && id !== 'wake');
  if (noticeIds.length === 0) return undefined;
  try {
    return await readAhead(noticeIds, deps.dispatch);
  } catch {
    return undefined;
  }
}

interface ClaimedMessage {
  readonly kind: 'claimed';
  readonly noticeId: string;
  readonly claimed: ClaimedNotice;
}

/** Parses the message and claims its notice; anything that settles it without a send is its result. */
async function claimMessage(message: LaneMessage, lane: Lane, deps: BatchDeps, reads: Promise<ReadonlyMap<string, NoticeReadAhead> | undefined>): Promise<ClaimedMessage | MessageResult> {
  const parsed = parseMessage(message.body);
  if (parsed === undefined) return { lane, kind: 'malformed' };
  if (parsed === 'wake') return { lane, kind: 'wake_up' };
  const noticeId = parsed;
  try {
    const claimed = await claimForSending(noticeId, deps.dispatch, (await reads)?.get(noticeId));
    if (claimed.kind === 'claimed') return { kind: 'claimed', noticeId, claimed };
    return await settled(noticeId, claimed, lane, deps);
  } catch (error) {
    return failed(noticeId, lane, error);
  }
}

/** Sends a claimed notice the pacer let through; the provider is called before this first waits. */
async function sendInTurn(claim: ClaimedMessage, grant: PacerGrant, lane: Lane, deps: BatchDeps): Promise<MessageResult> {
  try {
    return await settled(claim.noticeId, await sendClaimed(claim.claimed, grant, deps.dispatch), lane, deps);
  } catch (error) {
    return failed(claim.noticeId, lane, error);
  }
}

/** An outcome that names a later instant puts the notice back on its lane for then. */
async function settled(noticeId: string, outcome: DispatchOutcome, lane: Lane, deps: BatchDeps): Promise<MessageResult> {
  if ('retryAt' in outcome) await deps.lanes.requeue(noticeId, lane, new Date(outcome.retryAt), deps.dispatch.now());
  return { lane, kind: 'dispatched', noticeId, outcome };
}

function failed(noticeId: string, lane: Lane, error: unknown): MessageResult {
  return { lane, kind: 'failed', noticeId, error: error instanceof Error ? error.name : 'UnknownError' };
}

const DispatchMessageSchema = z.union([
  z.object({ noticeId: z.string().check(z.minLength(1), z.maxLength(MAX_NOTICE_ID)) }),
  z.object({ wake: z.literal('priority') }),
]);

/** The notice id of a message, `'wake'` for a wake-up, undefined for anything else (not retryable). */
function parseMessage(body: string): string | 'wake' | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const message = DispatchMessageSchema.safeParse(json);
  if (!message.success) return undefined;
  return 'noticeId' in message.data ? message.data.noticeId : 'wake';
}

/**
 * One dispatcher invocation, with a batch from the bulk lane: important
 * customers first (issue 5). Primary course:
 * 1. take the priority lane empty, while more than the reserve of time is
 *    left, and send what it holds (`takePriorityLane`);
 * 2. then send its own notices, one at a time (`dispatchLaneMessage`; the
 *    handler runs them through Powertools' batch processor, which reports
 *    the failed ones back to SQS);
 * 3. a notice that must wait (quiet hours, backoff) goes back on the lane it
 *    came from; a priority message is acknowledged once handled, a failed one
 *    is left to reappear (SQS redelivers it, then dead-letters it).
 */
import * as z from 'zod/mini';
import { dispatchNotice, type DispatchDeps, type DispatchOutcome } from './dispatch';
import type { DispatchLanes, Lane, LaneMessage } from './ports';

export interface BatchDeps {
  readonly dispatch: DispatchDeps;
  readonly lanes: DispatchLanes;
  /** Milliseconds left in this invocation. */
  readonly remainingMs: () => number;
  /** Stop taking priority work when less than this is left: the invocation's own batch needs it. */
  readonly reserveMs: number;
}

export type MessageResult =
  | { readonly lane: Lane; readonly kind: 'dispatched'; readonly noticeId: string; readonly outcome: DispatchOutcome }
  | { readonly lane: Lane; readonly kind: 'failed'; readonly noticeId: string; readonly error: string }
  | { readonly lane: Lane; readonly kind: 'wake_up' }
  | { readonly lane: Lane; readonly kind: 'malformed' };

const MAX_NOTICE_ID = 512;

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
    for (const message of waiting) {
      const result = await dispatchLaneMessage(message, 'priority', deps);
      results.push(result);
      if (result.kind !== 'failed') await deps.lanes.acknowledge(message);
    }
  }
  return results;
}

/**
 * Steps 2 and 3 for one message: sends its notice, and puts it back on its
 * lane when it must wait. A send that throws is a `failed` result, for the
 * caller to hand back to its queue.
 *
 * @example
 * const result = await dispatchLaneMessage({ id: record.messageId, body: record.body }, 'bulk', deps);
 */
export async function dispatchLaneMessage(message: LaneMessage, lane: Lane, deps: BatchDeps): Promise<MessageResult> {
  const parsed = parseMessage(message.body);
  if (parsed === undefined) return { lane, kind: 'malformed' };
  if (parsed === 'wake') return { lane, kind: 'wake_up' };
  const noticeId = parsed;
  try {
    const outcome = await dispatchNotice(noticeId, deps.dispatch);
    if ('retryAt' in outcome) await deps.lanes.requeue(noticeId, lane, new Date(outcome.retryAt), deps.dispatch.now());
    return { lane, kind: 'dispatched', noticeId, outcome };
  } catch (error) {
    return { lane, kind: 'failed', noticeId, error: error instanceof Error ? error.name : 'UnknownError' };
  }
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

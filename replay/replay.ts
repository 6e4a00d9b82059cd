import { planReplay, type KeptMessage, type ReplayPlan } from './plan';

/** Where a replay sends things: the functions (the Invoke API, local or AWS) and the reply senders. */
export interface ReplayTargets {
  /** A synchronous invocation; `ok: false` when the function failed. */
  invoke(functionName: string, event: unknown): Promise<{ readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: string }>;
  sendSms(to: string, text: string): Promise<void>;
  sendEmail(email: { readonly to: string; readonly subject: string; readonly text: string }): Promise<void>;
}

/** One kept message, with an id the source can mark done (a journal position, an SQS receipt). */
export interface ReplayItem {
  readonly id: string;
  readonly message: KeptMessage;
}

export interface ReplayOutcome {
  readonly id: string;
  readonly kind: ReplayPlan['kind'];
  readonly functionName?: string;
  /** `replayed`: done, mark it; `failed`: still kept, try again later; `not_replayable`: for a person. */
  readonly status: 'replayed' | 'failed' | 'not_replayable';
  readonly detail?: string;
  /** What the function answered (ids and outcomes, no personal data). */
  readonly result?: unknown;
}

export interface ReplayReport {
  readonly replayed: number;
  readonly failed: number;
  readonly notReplayable: number;
  readonly outcomes: readonly ReplayOutcome[];
}

/**
 * Replays kept messages one after another (a replay is a repair, not a
 * storm: one at a time keeps it gentle on a table that may just have come
 * back), calling `done` for each one replayed so the source forgets it.
 *
 * @example
 * const report = await replayKept(items, targets, (outcome) => ledger.markDone(outcome.id));
 */
export async function replayKept(items: readonly ReplayItem[], targets: ReplayTargets, done: (outcome: ReplayOutcome) => void | Promise<void> = () => {}): Promise<ReplayReport> {
  const outcomes: ReplayOutcome[] = [];
  for (const item of items) {
    const outcome = await replayOne(item, targets);
    outcomes.push(outcome);
    if (outcome.status === 'replayed') await done(outcome);
  }
  return {
    replayed: outcomes.filter((o) => o.status === 'replayed').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    notReplayable: outcomes.filter((o) => o.status === 'not_replayable').length,
    outcomes,
  };
}

async function replayOne(item: ReplayItem, targets: ReplayTargets): Promise<ReplayOutcome> {
  const plan = planReplay(item.message);
  const base = { id: item.id, kind: plan.kind };
  try {
    switch (plan.kind) {
      case 'not_replayable':
        return { ...base, status: 'not_replayable', detail: plan.reason };
      case 'invoke': {
        const answer = await targets.invoke(plan.functionName, plan.event);
        return answer.ok
          ? { ...base, functionName: plan.functionName, status: 'replayed', result: answer.result }
          : { ...base, functionName: plan.functionName, status: 'failed', detail: answer.error };
      }
      case 'sms_reply':
        await targets.sendSms(plan.to, plan.text);
        return { ...base, status: 'replayed', ...(plan.contactKey ? { detail: plan.contactKey } : {}) };
      case 'email_reply':
        await targets.sendEmail({ to: plan.to, subject: plan.subject, text: plan.text });
        return { ...base, status: 'replayed', ...(plan.contactKey ? { detail: plan.contactKey } : {}) };
    }
  } catch (error) {
    return { ...base, status: 'failed', detail: error instanceof Error ? error.name : String(error) };
  }
}

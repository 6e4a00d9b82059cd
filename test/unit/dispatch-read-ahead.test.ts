import { describe, expect, it } from 'vitest';
import { dispatchLaneBatch, type BatchDeps } from '../../functions/outbound/dispatch-batch';
import type { Notice } from '../../functions/outbound/notice';
import type { NoticeStore } from '../../functions/outbound/ports';
import { DEFAULT_QUIET_HOURS } from '../../functions/outbound/quiet-hours';
import { noticeRenderer } from '../../functions/outbound/render';
import { outageSmsNotice } from '../support/notices';

const NOW = new Date('2026-11-23T06:00:00.000Z');

/** An outbox in memory whose claims wait until the test lets them through, as a slow table would. */
function slowClaimOutbox(notices: readonly Notice[]) {
  const byId = new Map(notices.map((n) => [n.noticeId, n]));
  const reads: string[][] = [];
  const pendingClaims: (() => void)[] = [];
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  const store: NoticeStore = {
    get: async (id) => byId.get(id),
    getMany: async (ids) => {
      reads.push([...ids]);
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as Notice] as const] : [])));
    },
    claim: () => new Promise<boolean>((resolve) => pendingClaims.push(() => resolve(true))),
    markSent: async () => {},
    markRetrying: unused,
    markUnreachable: unused,
    markSuppressed: unused,
    defer: unused,
  };
  return { store, reads, releaseClaims: () => pendingClaims.splice(0).forEach((release) => release()) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a dispatcher batch reading ahead', () => {
  it("reads the next run's notices while this run's claims are still at the table, and sends in queued order", async () => {
    const notices = Array.from({ length: 6 }, (_, n) => outageSmsNotice(n, 'OUT-AHEAD', NOW.toISOString()));
    const outbox = slowClaimOutbox(notices);
    const texted: string[] = [];
    const grant = { sent: () => {}, release: () => {} };
    const deps: BatchDeps = {
      dispatch: {
        notices: outbox.store,
        optOuts: { isOptedOut: async () => false, areOptedOut: async (recipients) => recipients.map(() => false) },
        sms: {
          send: async (to) => {
            texted.push(to);
            return `sms-${texted.length}`;
          },
        },
        voice: { call: async () => undefined },
        unreachable: { report: async () => {} },
        pacers: { sms: { take: async () => grant }, voice: { take: async () => grant } },
        text: noticeRenderer({ utilityName: 'Riverside' }),
        quietHours: DEFAULT_QUIET_HOURS,
        now: () => NOW,
        retryBackoffSeconds: [300, 1800],
        claimSeconds: 60,
      },
      lanes: { takePriority: async () => [], acknowledge: async () => {}, requeue: async () => {} },
      remainingMs: () => 60_000,
      reserveMs: 30_000,
      claimAhead: 2,
    };
    const messages = notices.map((n) => ({ id: n.noticeId, body: JSON.stringify({ noticeId: n.noticeId }) }));

    const batch = dispatchLaneBatch(messages, 'bulk', deps);
    await settle();
    // Nothing claimed yet, and the second run was read already: its first claim will wait for its own write alone.
    expect(outbox.reads).toEqual([notices.slice(0, 2).map((n) => n.noticeId), notices.slice(2, 4).map((n) => n.noticeId)]);
    expect(texted).toEqual([]);
    while (texted.length < notices.length) {
      outbox.releaseClaims();
      await settle();
    }
    const results = await batch;

    expect(results.map((r) => (r.kind === 'dispatched' ? r.outcome.kind : r.kind))).toEqual(notices.map(() => 'sent'));
    expect(texted).toEqual(notices.map((n) => n.to));
    expect(outbox.reads).toHaveLength(3);
  });
});

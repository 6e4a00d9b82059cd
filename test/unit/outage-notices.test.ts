import { describe, expect, it } from 'vitest';
import type { Outage } from '../../functions/outages/outage';
import { declareOutage, updateOutageEtr, type OutageCommandDeps } from '../../functions/outages/outage-commands';
import type { OutageStore, PlanningJob } from '../../functions/outages/ports';
import type { Notice } from '../../functions/outbound/notice';
import { outageNoticeId, planRecipientNotices, type NoticeRecipient } from '../../functions/outbound/planner';
import { noticeGreeting, outageNoticeText } from '../../functions/outbound/templates';

const NOW = new Date('2026-11-23T02:00:00Z');
const MINUTE = 60_000;

/** An in-memory registry: enough for the command rules, which need no table. */
function memoryDeps(threshold = 30) {
  const outages = new Map<string, Outage>();
  const jobs: PlanningJob[] = [];
  const store: OutageStore = {
    get: async (id) => outages.get(id),
    create: async (o) => (outages.has(o.outageId) ? false : (outages.set(o.outageId, o), true)),
    changeEtr: async (id, expected, next) => {
      const o = outages.get(id);
      if (!o || o.etr !== expected.etr) return false;
      outages.set(id, { ...o, ...next });
      return true;
    },
    restore: async () => true,
    plans: async () => [],
    reportCount: async () => 0,
  };
  const deps: OutageCommandDeps = { store, planning: { enqueue: async (job) => void jobs.push(job) }, now: () => NOW, etrChangeThresholdMinutes: threshold };
  return { deps, jobs };
}

const base = { outageId: 'OUT-1', kind: 'unplanned' as const, areas: ['WEST'], feeders: [], cause: { 'zh-CN': '线路故障', en: 'a line fault' }, etr: new Date(NOW.getTime() + 180 * MINUTE).toISOString() };

describe('declaring an outage', () => {
  it('accepts a planned outage exactly 7 days ahead and refuses one a minute less', async () => {
    const week = 7 * 24 * 60 * MINUTE;
    const window = (offset: number) => ({ start: new Date(NOW.getTime() + offset).toISOString(), end: new Date(NOW.getTime() + offset + 240 * MINUTE).toISOString() });
    const { deps } = memoryDeps();
    await expect(declareOutage({ ...base, outageId: 'P-1', kind: 'planned', etr: undefined, window: window(week) }, deps)).resolves.toMatchObject({ changed: true });
    await expect(declareOutage({ ...base, outageId: 'P-2', kind: 'planned', etr: undefined, window: window(week - MINUTE) }, deps)).rejects.toThrow(/Invalid outage declaration/);
  });

  it('needs an area or a feeder, and an unplanned outage needs a future ETR', async () => {
    const { deps } = memoryDeps();
    await expect(declareOutage({ ...base, areas: [] }, deps)).rejects.toMatchObject({ problems: [expect.stringMatching(/at least one affected area or feeder/)] });
    await expect(declareOutage({ ...base, etr: NOW.toISOString() }, deps)).rejects.toMatchObject({ problems: [expect.stringMatching(/etr: must be in the future/)] });
  });
});

describe('ETR changes against the threshold', () => {
  it('announces a move of exactly the threshold, not one a minute short', async () => {
    const { deps, jobs } = memoryDeps(30);
    await declareOutage(base, deps);
    const etr = Date.parse(base.etr);
    await updateOutageEtr('OUT-1', { etr: new Date(etr + 29 * MINUTE).toISOString() }, deps);
    expect(jobs.filter((j) => j.plan === 'etr_changed')).toEqual([]);
    await updateOutageEtr('OUT-1', { etr: new Date(etr + 30 * MINUTE).toISOString() }, deps);
    expect(jobs.filter((j) => j.plan === 'etr_changed')).toEqual([{ outageId: 'OUT-1', plan: 'etr_changed', revision: 1 }]);
  });

  it('measures small moves from the ETR last announced, so a slow drift is announced once it adds up', async () => {
    const { deps, jobs } = memoryDeps(30);
    await declareOutage(base, deps);
    const etr = Date.parse(base.etr);
    for (const minutes of [10, 20, 25]) await updateOutageEtr('OUT-1', { etr: new Date(etr + minutes * MINUTE).toISOString() }, deps);
    expect(jobs.filter((j) => j.plan === 'etr_changed')).toHaveLength(0);
    await updateOutageEtr('OUT-1', { etr: new Date(etr + 35 * MINUTE).toISOString() }, deps);
    expect(jobs.filter((j) => j.plan === 'etr_changed')).toHaveLength(1);
  });
});

const outage: Outage = { ...base, declaredAt: NOW.toISOString(), status: 'active', announcedEtr: base.etr, etrRevision: 0 };
const recipient: NoticeRecipient = { recipientKey: '3301000001', accountNumber: '3301000001', to: '+8613800000001', language: 'en', important: false, customerType: 'residential' };
const context = { outage, job: { outageId: 'OUT-1', plan: 'initial' as const, revision: 0 }, now: NOW, timeZone: 'Asia/Shanghai' };

describe('planning the notices of one recipient', () => {
  it('texts an ordinary customer and also calls an important one, with deterministic ids', () => {
    expect(planRecipientNotices(recipient, false, context).map((n) => n.noticeId)).toEqual(['outage#OUT-1#outage_initial#3301000001#sms']);
    expect(planRecipientNotices({ ...recipient, important: true }, false, context).map((n) => n.channel)).toEqual(['sms', 'voice']);
    expect(outageNoticeId('OUT-1', { plan: 'etr_changed', revision: 2 }, 'A', 'sms')).toBe('outage#OUT-1#outage_etr_changed-r2#A#sms');
  });

  it('writes a STOP number suppressed, never pending', () => {
    expect(planRecipientNotices(recipient, true, context).map((n) => n.status)).toEqual(['suppressed_opt_out']);
  });

  it('gives the cause in the customer language and the ETR in the centre local time', () => {
    const [notice] = planRecipientNotices(recipient, false, context) as [Notice];
    expect(notice.params).toMatchObject({ cause: 'a line fault', etrText: '2026-11-23 13:00' });
  });
});

describe('outage texts', () => {
  it('open with the scripted greeting in both languages', () => {
    expect(noticeGreeting('outage_initial', 'en', 'Hangzhou')).toBe('Hello, the Hangzhou power supply 95598 service line with your outage notice.');
    expect(noticeGreeting('outage_initial', 'zh-CN', '杭州')).toBe('您好，杭州供电公司95598服务热线为您送达停电通知。');
  });

  it('tell the cause and ETR, and the restoration time', () => {
    const [initial] = planRecipientNotices(recipient, false, context) as [Notice];
    expect(outageNoticeText(initial, 'Hangzhou')).toMatch(/^Hello, the Hangzhou .* because of a line fault\. Expected back by 2026-11-23 13:00\./);
    const restored = planRecipientNotices({ ...recipient, language: 'zh-CN' }, false, { ...context, outage: { ...outage, status: 'restored', restoredAt: '2026-11-23T04:30:00Z' }, job: { outageId: 'OUT-1', plan: 'restored', revision: 0 } })[0]!;
    expect(outageNoticeText(restored, '杭州')).toContain('已于2026-11-23 12:30恢复供电');
  });
});

import { describe, expect, it } from 'vitest';
import { suspicionCovering, type Outage } from '../../functions/outages/outage';
import { CLUSTER_SHARDS, clusterShard, distinctCustomers, openSuspicion, suspicionId, suspicionSettings, thresholdInForce, windowStart, type ClusterReport } from '../../functions/outages/suspicion';

const report = (n: number, extra: Partial<ClusterReport> = {}): ClusterReport => ({
  contactKey: `sms#m-${n}`,
  accountNumber: `330000000${n}`,
  transformer: 'HZ-XIHU-F02-T01',
  feeder: 'HZ-XIHU-F02',
  area: 'HZ-XIHU',
  ticketId: `261123-0000-000${n}`,
  orderId: `261123-0000-000${n}.1`,
  sender: `PHONE#+86139000000${n}`,
  language: 'zh-CN',
  reportedAt: `2026-11-23T02:1${n}:00Z`,
  ...extra,
});

describe('suspected outages: the rules', () => {
  it('files reports in fixed windows from midnight UTC', () => {
    expect(windowStart('2026-11-23T02:29:59Z', 30)).toBe('2026-11-23T02:00:00.000Z');
    expect(windowStart('2026-11-23T02:30:00Z', 30)).toBe('2026-11-23T02:30:00.000Z');
    expect(windowStart('2026-11-23T02:59:00Z', 15)).toBe('2026-11-23T02:45:00.000Z');
  });

  it('derives one id from transformer and window, usable as an outage id', () => {
    expect(suspicionId('HZ-XIHU-F02-T01', '2026-11-23T02:30:00.000Z')).toBe('SUSPECT-HZ-XIHU-F02-T01-202611230230');
    expect(suspicionId('T 1/东', '2026-11-23T02:30:00.000Z')).toMatch(/^SUSPECT-T_1__-202611230230$/);
  });

  it('spreads contacts over the shards, the same contact always to the same one', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, i) => clusterShard(`sms#storm-${i}`)));
    expect(shards).toEqual(new Set(Array.from({ length: CLUSTER_SHARDS }, (_, i) => i)));
    expect(clusterShard('sms#abc')).toBe(clusterShard('sms#abc'));
  });

  it('uses the storm threshold only while storm mode is on', () => {
    const settings = { threshold: 3, stormThreshold: 2, windowMinutes: 30 };
    expect(thresholdInForce(settings, undefined)).toEqual({ threshold: 3, mode: 'normal' });
    expect(thresholdInForce(settings, { on: false, threshold: 1, changedAt: 'x' })).toEqual({ threshold: 3, mode: 'normal' });
    expect(thresholdInForce(settings, { on: true, changedAt: 'x' })).toEqual({ threshold: 2, mode: 'storm' });
    expect(thresholdInForce(settings, { on: true, threshold: 5, changedAt: 'x' })).toEqual({ threshold: 5, mode: 'storm' });
  });

  it('counts a customer who reported from two phones once', () => {
    expect(distinctCustomers([report(1), report(2), report(3, { accountNumber: '3300000001' })])).toBe(2);
  });

  it('reads the stage settings and refuses nonsense', () => {
    expect(suspicionSettings({})).toEqual({ threshold: 3, stormThreshold: 2, windowMinutes: 30 });
    expect(suspicionSettings({ SUSPICION_THRESHOLD: '5', SUSPICION_WINDOW_MINUTES: '20' })).toMatchObject({ threshold: 5, windowMinutes: 20 });
    expect(() => suspicionSettings({ SUSPICION_THRESHOLD: '0' })).toThrow(/SUSPICION_THRESHOLD/);
    expect(() => suspicionSettings({ STORM_SUSPICION_THRESHOLD: '1.5' })).toThrow(/STORM_SUSPICION_THRESHOLD/);
  });

  it('opens with the earliest report as the one dispatch and its crew time as the ETR', () => {
    const outage = openSuspicion([report(3), report(1), report(2)], { threshold: 3, mode: 'normal', windowMinutes: 30 }, '2026-11-23T02:14:00Z', '2026-11-23T02:56:00Z');
    expect(outage).toMatchObject({
      outageId: 'SUSPECT-HZ-XIHU-F02-T01-202611230200',
      status: 'suspected',
      etr: '2026-11-23T02:56:00Z',
      transformers: ['HZ-XIHU-F02-T01'],
      feeders: [],
      suspicion: { repairTicketId: '261123-0000-0001', repairOrderId: '261123-0000-0001.1', feeder: 'HZ-XIHU-F02', rolledUpToFeeder: false, windowStart: '2026-11-23T02:00:00.000Z' },
    });
  });

  it('covers a transformer of the suspicion, and the whole feeder once rolled up', () => {
    const suspected = openSuspicion([report(1)], { threshold: 1, mode: 'normal', windowMinutes: 30 }, '2026-11-23T02:14:00Z', '2026-11-23T02:56:00Z');
    const sameFeeder = { area: 'HZ-XIHU', feeder: 'HZ-XIHU-F02', transformer: 'HZ-XIHU-F02-T07' };
    expect(suspicionCovering([suspected], { ...sameFeeder, transformer: 'HZ-XIHU-F02-T01' })?.outageId).toBe(suspected.outageId);
    expect(suspicionCovering([suspected], sameFeeder)).toBeUndefined();
    const rolledUp: Outage = { ...suspected, suspicion: { ...suspected.suspicion!, rolledUpToFeeder: true } };
    expect(suspicionCovering([rolledUp], sameFeeder)?.outageId).toBe(suspected.outageId);
    expect(suspicionCovering([{ ...rolledUp, status: 'rejected' }], sameFeeder)).toBeUndefined();
  });
});

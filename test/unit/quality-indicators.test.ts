import { describe, expect, it } from 'vitest';
import { QualityInputError } from '../../functions/quality/errors';
import { indicatorReport, readPeriod } from '../../functions/quality/indicators';
import { drawSample, qualityScore, readReview, readScores } from '../../functions/quality/quality';

describe('quality indicators', () => {
  it('draws the same sample for a day, non-query and query apart, never a confidential report', () => {
    const tickets = Array.from({ length: 60 }, (_, i) => ({ ticketId: `T${i}`, type: i % 3 === 0 ? ('information_query' as const) : ('complaint' as const), confidential: false }));
    tickets.push({ ticketId: 'SECRET', type: 'whistleblowing_report' as never, confidential: true });
    const sample = drawSample('2026-12-01', tickets, 5);
    expect(sample.filter((s) => s.kind === 'query')).toHaveLength(5);
    expect(sample.filter((s) => s.kind === 'non_query')).toHaveLength(5);
    expect(sample.some((s) => s.ticketId === 'SECRET')).toBe(false);
    expect(drawSample('2026-12-01', [...tickets].reverse(), 5)).toEqual(sample);
    expect(drawSample('2026-12-02', tickets, 5)).not.toEqual(sample);
  });

  it('asks a query ticket\'s key fields, and scores an agent as the centre does', () => {
    expect(() => readReview({ day: 'd', ticketId: 't', ticketType: 'information_query', kind: 'query' }, { correct: true })).toThrow(/keyFieldsCorrect/);
    expect(qualityScore({ monitoring: 92, testCall: 88, complaints: 1 }, 2)).toBe(88);
    expect(() => readScores({ agentId: 'a1', month: '2026-13', monitoring: 90, testCall: 90 }, 'q', new Date())).toThrow(/month/);
    expect(() => readScores({ agentId: 'a1', month: '2026-12', monitoring: 101, testCall: 90 }, 'q', new Date())).toThrow(QualityInputError);
  });

  it('computes per-agent handle time, after-call time and transfers from the call days, and refuses a period of over 92 days', async () => {
    const period = readPeriod('2026-11-23T00:00:00+08:00', '2026-11-24T00:00:00+08:00', new Date());
    const report = await indicatorReport(
      period,
      {
        counters: async (pk): Promise<Record<string, number>> => (pk === 'QUALITY#REVIEWS' ? { reviewed_non_query: 200, correct_non_query: 197 } : {}),
        agentDays: async (days) => (days.includes('2026-11-23') ? [{ agentId: 'agent007', handled: 5, talkSeconds: 640, afterCallWorkSeconds: 210, transferred: 1 }] : []),
        scores: async () => [],
        callbackCounters: async () => ({ planned_complaint_result: 4, reached_complaint_result: 3, unreachable_complaint_result: 1, satisfied_complaint_result: 2 }),
        calls: async (from, to) => ({ from, to, intervals: 0, indicators: [] }),
      },
      'Asia/Shanghai',
    );
    expect(report.agents).toEqual([{ agentId: 'agent007', callsHandled: 5, averageHandleSeconds: 170, averageAfterCallSeconds: 42, transferRate: 0.2, transfers: 1 }]);
    expect(report.quality.find((i) => i.name === 'ticket_correctness_non_query')).toMatchObject({ value: 0.985, target: 0.99, met: false });
    expect(report.quality.find((i) => i.name === 'callback_rate_complaint_result')).toMatchObject({ value: 1, target: 1, met: true });
    expect(report.quality.find((i) => i.name === 'callback_satisfaction')).toMatchObject({ value: 0.6667 });
    expect(() => readPeriod('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', new Date())).toThrow(/to/);
  });
});

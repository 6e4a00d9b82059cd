import { describe, expect, it, vi } from 'vitest';
import { emfLine, publishEmf } from '../../functions/shared/emf';

describe('embedded metric format', () => {
  it('names the namespace, one dimension set and each metric with its unit, and carries the values at the top level', () => {
    const line = emfLine('Hotline/Calendar', { service: 'calendar', Table: 'hotline' }, [
      { name: 'CalendarYearsAhead', value: 1 },
      { name: 'CalendarNextYearDue', value: 0 },
    ], new Date('2026-11-02T00:00:00Z'));
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-11-02T00:00:00Z'),
        CloudWatchMetrics: [{ Namespace: 'Hotline/Calendar', Dimensions: [['service', 'Table']], Metrics: [{ Name: 'CalendarYearsAhead', Unit: 'Count' }, { Name: 'CalendarNextYearDue', Unit: 'Count' }] }],
      },
      service: 'calendar',
      Table: 'hotline',
      CalendarYearsAhead: 1,
      CalendarNextYearDue: 0,
    });
  });

  it('carries a metric given several values as an array (each a sample), and splits over lines past the 100 values EMF takes', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const talk = Array.from({ length: 150 }, (_, i) => i);
      publishEmf('Hotline/Calls', { service: 'kpi-ingest' }, [{ name: 'TalkSeconds', unit: 'Seconds', value: talk }, { name: 'Answered', value: [1, 0] }], new Date('2026-11-02T00:00:00Z'));
      const lines = writes.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ TalkSeconds: talk.slice(0, 100), Answered: [1, 0], _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'TalkSeconds', Unit: 'Seconds' }, { Name: 'Answered', Unit: 'Count' }] }] } });
      expect(lines[1]).toMatchObject({ TalkSeconds: talk.slice(100), _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'TalkSeconds', Unit: 'Seconds' }] }] } });
      expect(lines[1]).not.toHaveProperty('Answered');
    } finally {
      writes.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { emfLine } from '../../functions/shared/emf';

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
});

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CachedWorkingCalendar, CalendarRepository } from '../tickets/adapters/calendar-repository';
import { CALENDAR_METRICS } from './calendar-metrics';
import { documentClient } from './clients';
import { logger } from './logger';
import { now } from './time';

const tableName = process.env.TABLE_NAME ?? '';
const metrics = new Metrics({ namespace: CALENDAR_METRICS.namespace, serviceName: CALENDAR_METRICS.service, defaultDimensions: { Table: tableName } });

/**
 * The working-day calendar of every function, from one place: the seed
 * years plus those supervisors loaded into the table (`npm run calendar:load`),
 * cached per container for 5 minutes. Each refresh publishes
 * `CalendarYearsAhead` and `CalendarNextYearDue` (1 from 1 November while
 * next year is not loaded, or when this year is not).
 *
 * @example
 * const calendar = await workingCalendar.current();
 */
export const workingCalendar = new CachedWorkingCalendar(new CalendarRepository(documentClient, tableName), {
  now,
  timeZone: process.env.TIME_ZONE ?? 'Asia/Shanghai',
  ttlMs: Number(process.env.CALENDAR_CACHE_SECONDS ?? 300) * 1000,
  onRefresh: (status) => {
    metrics.addMetric(CALENDAR_METRICS.yearsAhead, MetricUnit.Count, status.yearsAhead);
    metrics.addMetric(CALENDAR_METRICS.nextYearDue, MetricUnit.Count, status.nextYearDue ? 1 : 0);
    metrics.publishStoredMetrics();
    if (status.nextYearDue) logger.warn('working-day calendar: next year not loaded; load the State Council notice with npm run calendar:load', { ...status });
  },
  onReadError: (error) => logger.error('working-day calendar not read; seed years used', { error: (error as Error).name }),
});

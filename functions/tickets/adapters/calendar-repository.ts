import { paginateQuery, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as keys from '../../shared/keys';
import { calendarStatus, parseCalendarYear, WorkingCalendar, type CalendarStatus, type CalendarYear } from '../calendar';
import { mergeCalendarYears, SEED_CALENDAR_YEARS } from '../seed-calendar';

/** Calendar years loaded by supervisors: `CALENDAR/YEAR#<year>`, one Query for all of them. */
export class CalendarRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * @example
   * const years = await repository.loadedYears(); // [{ year: 2027, holidays: [...], ... }]
   */
  async loadedYears(): Promise<CalendarYear[]> {
    const years: CalendarYear[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.calendarPartition } },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) years.push(parseCalendarYear({ year: item.year, holidays: item.holidays, makeUpWorkingDays: item.makeUpWorkingDays, source: item.source }));
    }
    return years;
  }

  /**
   * Stores (or replaces) one year, validated, with who loaded it and when.
   *
   * @example
   * await repository.save(parseCalendarYear(json), 'supervisor wang', new Date());
   */
  async save(year: CalendarYear, loadedBy: string, at: Date): Promise<CalendarYear> {
    const valid = parseCalendarYear(year);
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.calendarYear(valid.year), ...valid, loadedBy, loadedAt: at.toISOString() } }));
    return valid;
  }
}

export interface CachedCalendarOptions {
  readonly now: () => Date;
  readonly timeZone: string;
  /** A newly loaded year is seen by a warm container within this time. */
  readonly ttlMs?: number;
  /** Called on every refresh with how far ahead the calendar reaches (metrics, alarm). */
  readonly onRefresh?: (status: CalendarStatus) => void;
  /** Called when the table cannot be read; the seed years are used until the next try. */
  readonly onReadError?: (error: unknown) => void;
}

/**
 * The one place functions get the working-day calendar: the seed years
 * plus the years in the table, cached per container.
 */
export class CachedWorkingCalendar {
  private cached: { at: number; calendar: Promise<WorkingCalendar> } | undefined;

  constructor(
    private readonly repository: Pick<CalendarRepository, 'loadedYears'>,
    private readonly options: CachedCalendarOptions,
  ) {}

  /**
   * @example
   * const calendar = await workingCalendar.current();
   */
  current(): Promise<WorkingCalendar> {
    const now = this.options.now();
    if (!this.cached || now.getTime() - this.cached.at >= (this.options.ttlMs ?? 300_000)) {
      this.cached = { at: now.getTime(), calendar: this.load(now) };
    }
    return this.cached.calendar;
  }

  private async load(now: Date): Promise<WorkingCalendar> {
    let loaded: CalendarYear[] = [];
    try {
      loaded = await this.repository.loadedYears();
    } catch (error) {
      // Clocks must still run: the seed answers now, and the next call tries the table again.
      this.cached = undefined;
      this.options.onReadError?.(error);
    }
    const calendar = new WorkingCalendar({ timeZone: this.options.timeZone, years: mergeCalendarYears(SEED_CALENDAR_YEARS, loaded) });
    this.options.onRefresh?.(calendarStatus(calendar, now));
    return calendar;
  }
}

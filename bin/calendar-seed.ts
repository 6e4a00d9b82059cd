/**
 * `npm run calendar:seed`: writes functions/tickets/calendar-seed.json, the
 * working-day calendar every function starts from, out of the npm package
 * `chinese-days` (the official arrangements it carries, from 2025 on: the
 * year the holiday rules last changed). Run at build time, not in Lambda:
 * the package (its lunar tables and 20 years of data) stays out of the
 * bundles; the committed JSON is a few KB. Years it does not know (2027 as
 * of 1.5.7) are left out, so they run on the fallback until loaded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseCalendarYear, type CalendarYear } from '../functions/tickets/calendar';

const FIRST_YEAR = 2025;
const OUTPUT = resolve(import.meta.dirname, '../functions/tickets/calendar-seed.json');

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('chinese-days/package.json'));
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
// The package's own data file: holiday dates (every day of each period) and make-up working days.
const data = JSON.parse(readFileSync(join(packageDir, 'dist/chinese-days.json'), 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };

const byYear = new Map<number, { holidays: string[]; makeUpWorkingDays: string[] }>();
const yearOf = (date: string) => Number(date.slice(0, 4));
for (const [field, dates] of [['holidays', Object.keys(data.holidays)], ['makeUpWorkingDays', Object.keys(data.workdays)]] as const) {
  for (const date of dates) {
    if (yearOf(date) < FIRST_YEAR) continue;
    const entry = byYear.get(yearOf(date)) ?? { holidays: [], makeUpWorkingDays: [] };
    entry[field].push(date);
    byYear.set(yearOf(date), entry);
  }
}
const years: CalendarYear[] = [...byYear.entries()]
  .sort(([a], [b]) => a - b)
  .map(([year, days]) => parseCalendarYear({ year, ...days, source: `chinese-days@${version}` }));

writeFileSync(OUTPUT, `${JSON.stringify({ generatedBy: 'npm run calendar:seed', years }, null, 1)}\n`);
console.log(`wrote ${OUTPUT}: ${years.map((y) => `${y.year} (${y.holidays.length} holidays, ${y.makeUpWorkingDays.length} make-up days)`).join(', ')}`);

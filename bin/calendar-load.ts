import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CalendarRepository } from '../functions/tickets/adapters/calendar-repository';
import { InvalidCalendarError, parseCalendarYear } from '../functions/tickets/calendar';

/**
 * `npm run calendar:load -- <year-file.json>`: loads one year of the
 * working-day calendar, as the State Council's notice gives it
 * (`{ year, holidays, makeUpWorkingDays, source }`, see
 * docs/calendar-year.example.json), into the running local runtime
 * (`--url`, default http://127.0.0.1:3000), or with `--table <name>` into a
 * deployed stage's table with the caller's AWS credentials (`--region`).
 * Functions see it within 5 minutes (their calendar cache).
 */
const USAGE = 'usage: npm run calendar:load -- <year-file.json> [--url http://127.0.0.1:3000 | --table <table name> [--region ap-southeast-1]]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? '3000'}` },
      table: { type: 'string' },
      region: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  let year;
  try {
    year = parseCalendarYear(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if (!(error instanceof InvalidCalendarError || error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'ENOENT')) throw error;
    console.error(`${file}: ${(error as Error).message}`);
    return 2;
  }

  if (values.table) {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: values.region }));
    await new CalendarRepository(doc, values.table).save(year, userInfo().username, new Date());
    console.log(`loaded ${year.year} into ${values.table}: ${year.holidays.length} holidays, ${year.makeUpWorkingDays.length} make-up working days`);
    return 0;
  }
  let response: Response;
  try {
    response = await fetch(`${values.url}/calendar`, { method: 'POST', body: JSON.stringify(year) });
  } catch (error) {
    console.error(`no local runtime at ${values.url} (npm start), or pass --table for a deployed stage: ${(error as Error).message}`);
    return 1;
  }
  console.log(await response.text());
  return response.ok ? 0 : 1;
}

process.exitCode = await main();

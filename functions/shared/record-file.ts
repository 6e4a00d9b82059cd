/**
 * Reads the record files other systems hand us (the customer directory, the
 * billing drop): CSV with a header row, or JSON Lines. One reader for both, so
 * they agree on quoting, line numbers, BOM and CRLF; CSV is parsed by
 * csv-parse (RFC 4180: commas, doubled quotes and line breaks inside quoted
 * fields). Streamed: memory stays flat however long the file.
 */
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Info } from 'csv-parse';

export type RecordFormat = 'csv' | 'jsonl';

/** One record, with the 1-based line it starts on. A CSV file's first record is its header. */
export type FileRecord =
  | { readonly line: number; readonly fields: readonly string[] }
  | { readonly line: number; readonly json: string }
  | { readonly line: number; readonly error: string };

export interface RecordFileOptions {
  /** Default: JSON Lines when the first non-blank character is `{`, else CSV. */
  readonly format?: RecordFormat;
}

/** A quoted CSV field may span lines, but an unclosed quote must not swallow the file into memory. */
export const MAX_RECORD_CHARS = 64 * 1024;

/**
 * The records of a CSV or JSONL file, in order. Blank lines are skipped; CRLF
 * is read as LF (also inside quoted fields); a leading BOM is dropped. An
 * unclosed quote is one error at the line its record starts on, and the
 * reading stops there: where the next record would begin is a guess.
 *
 * @example
 * for await (const record of readRecordFile(createReadStream('bills.csv'))) {
 *   if ('fields' in record) console.log(record.line, record.fields);
 * }
 */
export async function* readRecordFile(input: AsyncIterable<string | Uint8Array>, options: RecordFileOptions = {}): AsyncGenerator<FileRecord> {
  const text = normalisedText(input)[Symbol.asyncIterator]();
  const head: string[] = [];
  let format = options.format;
  while (format === undefined) {
    const next = await text.next();
    if (next.done) break;
    head.push(next.value);
    const start = next.value.trimStart();
    if (start !== '') format = start.startsWith('{') ? 'jsonl' : 'csv';
  }
  async function* whole(): AsyncGenerator<string> {
    yield* head;
    for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
  }
  if (format === 'jsonl') yield* jsonLines(whole());
  else yield* csvRecords(whole());
}

/** UTF-8 decoded across chunk boundaries, BOM dropped, CRLF (even split between chunks) as LF. */
async function* normalisedText(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  let heldCr = false;
  for await (const chunk of input) {
    let piece: string = (heldCr ? '\r' : '') + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    if (first && piece !== '') {
      piece = piece.replace(/^\uFEFF/, '');
      first = false;
    }
    heldCr = piece.endsWith('\r');
    if (heldCr) piece = piece.slice(0, -1);
    if (piece !== '') yield piece.replace(/\r\n/g, '\n');
  }
  const rest = (heldCr ? '\r' : '') + decoder.end();
  if (rest !== '') yield rest;
}

async function* jsonLines(text: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  let line = 0;
  let partial = '';
  for await (const piece of text) {
    const lines = (partial + piece).split('\n');
    partial = lines.pop() ?? '';
    for (const json of lines) {
      line += 1;
      if (json.trim() !== '') yield { line, json };
    }
  }
  line += 1;
  if (partial.trim() !== '') yield { line, json: partial };
}

async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  let failure: CsvError | undefined;
  const parser = parse({
    info: true,
    record_delimiter: '\n',
    skip_empty_lines: true,
    // Field counts are checked by the caller, per record, with the line number.
    relax_column_count: true,
    // A quote inside an unquoted field (`5" pipe`) is a character, as spreadsheets write it.
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
    // Reported rather than thrown: a thrown error would destroy the stream with the good records
    // before it still buffered. Only the first counts; the reading stops there (below).
    skip_records_with_error: true,
    on_skip: (error) => {
      failure ??= error;
      return undefined;
    },
  });
  // The reader pulls from the parser; pipeline keeps the source paused while it is behind, and ends it
  // when the reader stops early (its rejection then is that early stop, nothing to report).
  pipeline(Readable.from(text), parser).catch(() => {});
  let previous: Pick<Info, 'lines' | 'empty_lines'> = { lines: 0, empty_lines: 0 };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    if (failure && info.records > recordsBefore(failure)) break;
    // info.lines is the line the record ends on; its quoted line breaks say how many it spans
    // (counted only when it ends more than a line after the previous one: most records are one line).
    const spanned = info.lines - previous.lines > 1 ? record.reduce((n, field) => n + (field.match(/[\r\n]/g)?.length ?? 0), 0) : 0;
    previous = info;
    if (record.length === 1 && (record[0] ?? '').trim() === '') continue;
    yield { line: info.lines - spanned, fields: record };
  }
  if (failure) {
    const reason =
      failure.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed quote' : failure.code === 'CSV_MAX_RECORD_SIZE' ? `record over ${MAX_RECORD_CHARS} characters (an unclosed quote?)` : 'not valid CSV';
    const emptyLines = typeof failure.empty_lines === 'number' ? failure.empty_lines - previous.empty_lines : 0;
    yield { line: previous.lines + 1 + emptyLines, error: `${reason}; the file is not read past this line` };
  }
}

/** How many records the parser had produced when it met the error (csv-parse puts its counters on the error). */
function recordsBefore(error: CsvError): number {
  return typeof error.records === 'number' ? error.records : 0;
}

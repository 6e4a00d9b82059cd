/**
 * Reads the customer directory the utility exports (CSV with a header row,
 * or JSON Lines) through the shared record reader (shared/record-file.ts), so
 * millions of customers stream through in flat memory. Bad rows are reported
 * by line number and skipped; their messages name the field, never its value
 * (phones and PINs must not reach the logs).
 */
import * as z from 'zod/mini';
import type { Customer } from './customer';
import { DirectoryFormatError } from './errors';
import { toE164 } from './phone';
import { hashPin } from './pin';
import { readRecordFile, type RecordFormat } from '../shared/record-file';

export type DirectoryRow = { readonly line: number; readonly customer: Customer } | { readonly line: number; readonly error: string };

export interface DirectoryOptions {
  /** Default: JSON Lines when the first non-blank line starts with `{`, else CSV. */
  readonly format?: RecordFormat;
}

const REQUIRED_COLUMNS = ['accountNumber', 'name', 'phones', 'address', 'area', 'feeder', 'transformer', 'customerType'] as const;
const OPTIONAL_COLUMNS = ['email', 'important', 'language', 'pin'] as const;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const DirectoryRecordSchema = z.object({
  accountNumber: z.string().check(z.trim(), z.regex(/^\d{10}$/, 'must be 10 digits')),
  name: text(200),
  phones: z.optional(z.union([z.string(), z.array(z.string())])),
  email: z.optional(z.email()),
  address: text(500),
  area: text(64),
  feeder: text(64),
  transformer: text(64),
  important: z.optional(
    z.union([z.boolean(), z.stringbool({ truthy: ['true', '1', '是', 'yes'], falsy: ['false', '0', '否', 'no'] })]),
  ),
  customerType: z.enum(['residential', 'business']),
  language: z.optional(z.enum(['zh-CN', 'en'])),
  pin: z.optional(z.string().check(z.regex(/^\d{4,8}$/, 'must be 4 to 8 digits'))),
});

/** The CSV header's column positions by canonical name (matched case-insensitively). */
function readHeader(fields: readonly string[]): string[] {
  const known = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as string[];
  const columns = fields.map((field) => known.find((name) => name.toLowerCase() === field.trim().toLowerCase()) ?? '');
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new DirectoryFormatError(`CSV header lacks column(s): ${missing.join(', ')}`);
  return columns;
}

/** Validates one record and turns it into a directory customer (phones in E.164, PIN hashed). */
function toCustomer(record: Record<string, unknown>): Customer | string {
  const present = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '' && value !== null));
  const parsed = DirectoryRecordSchema.safeParse(present);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ');
  }
  const { phones: rawPhones = [], pin, important = false, language = 'zh-CN', ...fields } = parsed.data;
  const listed = (typeof rawPhones === 'string' ? rawPhones.split(';') : rawPhones).map((phone) => phone.trim()).filter(Boolean);
  const phones: string[] = [];
  for (const [index, raw] of listed.entries()) {
    const e164 = toE164(raw);
    if (!e164) return `phones[${index}]: not a valid phone number`;
    if (!phones.includes(e164)) phones.push(e164);
  }
  return { ...fields, phones, important, language, ...(pin === undefined ? {} : { pinHash: hashPin(pin) }) };
}

function parseJsonLine(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // JSON.parse quotes the offending text in its message; the row may hold a phone number.
    return 'not valid JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'not a JSON object';
}

function rowOf(line: number, result: Customer | string): DirectoryRow {
  return typeof result === 'string' ? { line, error: result } : { line, customer: result };
}

/**
 * Streams the customers of a directory file (a byte or text stream), one
 * result per record, with the 1-based line it starts on. Throws
 * `DirectoryFormatError` when a CSV header lacks required columns.
 *
 * @example
 * for await (const row of parseCustomerDirectory(createReadStream('directory.csv'))) {
 *   if ('error' in row) rejected.push(row); else await save(row.customer);
 * }
 */
export async function* parseCustomerDirectory(input: AsyncIterable<string | Uint8Array>, options: DirectoryOptions = {}): AsyncGenerator<DirectoryRow> {
  let columns: string[] | undefined;
  for await (const record of readRecordFile(input, options)) {
    if ('error' in record) {
      yield record;
    } else if ('json' in record) {
      const value = parseJsonLine(record.json);
      yield rowOf(record.line, typeof value === 'string' ? value : toCustomer(value));
    } else if (!columns) {
      columns = readHeader(record.fields);
    } else if (record.fields.length !== columns.length) {
      yield { line: record.line, error: `expected ${columns.length} fields, found ${record.fields.length}` };
    } else {
      const { fields } = record;
      const byName = Object.fromEntries(columns.flatMap((name, i) => (name ? [[name, fields[i]]] : [])));
      yield rowOf(record.line, toCustomer(byName));
    }
  }
}

/**
 * Writing CSV that people open in a spreadsheet. A cell starting with `=`,
 * `+`, `-` or `@` (or a tab or carriage return before one) is run as a
 * formula by Excel, WPS and LibreOffice: text from outside (a provider's
 * error, a batch name, template text) must never be. Such a cell is
 * prefixed with `'`, which spreadsheets show as text (OWASP's CSV
 * injection advice), and quoted; RFC 4180 quoting for the rest.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One cell: neutralised, then quoted when it must be.
 *
 * @example
 * csvCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(""http://x"")" with the quotes
 */
export function csvCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  const formula = FORMULA_START.test(text);
  if (formula) text = `'${text}`;
  return formula || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One record, cells joined with commas (no line break: the caller joins rows with CRLF).
 *
 * @example
 * csvRow(['1000000001', '-3', 'ok']); // `1000000001,"'-3",ok`
 */
export function csvRow(values: readonly (string | number | boolean | undefined | null)[]): string {
  return values.map(csvCell).join(',');
}

/**
 * A whole file: a UTF-8 byte order mark (so spreadsheets read Chinese text right), the header, the rows, CRLF line ends.
 *
 * @example
 * csvFile(['account', 'error'], [['1000000001', 'NotDelivered']]);
 */
export function csvFile(header: readonly string[], rows: readonly (readonly (string | number | boolean | undefined | null)[])[]): string {
  return `\uFEFF${[csvRow(header), ...rows.map(csvRow)].join('\r\n')}\r\n`;
}

import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';

/** Longest HTML we convert to text; longer mail keeps its text part or is cut. */
const MAX_HTML_CHARS = 2_000_000;

export interface MailAddress {
  readonly address: string;
  readonly name: string;
}

export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly content: Uint8Array;
}

/** What the e-mail channel needs from a MIME message, decoded to Unicode. */
export interface ParsedEmail {
  readonly messageId?: string;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  readonly subject: string;
  readonly from?: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** The plain-text body; for HTML-only mail, the HTML rendered as text. */
  readonly text: string;
  /** Lower-case header names to their raw (unfolded) values, for loop protection. */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly MailAttachment[];
}

/**
 * Parses raw MIME with mailparser (maintained; decodes quoted-printable,
 * base64, RFC 2047 words and legacy charsets such as GB2312, GBK and Big5
 * through iconv-lite; renders HTML-only mail as text).
 *
 * @example
 * const mail = await parseEmail(readFileSync('events/email/outlook-gb2312.eml'));
 * mail.subject; // '停电了'
 */
export async function parseEmail(raw: Uint8Array): Promise<ParsedEmail> {
  const parsed = await simpleParser(Buffer.from(raw), { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: MAX_HTML_CHARS });
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return {
    messageId: messageIds(parsed.messageId)[0],
    inReplyTo: messageIds(parsed.inReplyTo),
    references: messageIds(parsed.references),
    subject: (parsed.subject ?? '').trim(),
    from: addresses(parsed.from)[0],
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    text: (parsed.text ?? '').replace(/\r\n/g, '\n').trim(),
    headers,
    attachments: parsed.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.contentType.startsWith('image/'))
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size, content: a.content })),
  };
}

/** Message-IDs in angle brackets, lower-cased (comparisons are case-insensitive in practice). */
export function messageIds(value: HeaderValue | string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => `<${(m[1] as string).toLowerCase()}>`);
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: MailAddress[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address) out.push({ address: entry.address.trim().toLowerCase(), name: entry.name ?? '' });
    }
  };
  for (const object of list) walk(object.value);
  return out;
}

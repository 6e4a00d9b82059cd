import PostalMime, { type Address, type Email } from 'postal-mime';
import { UnreadableMailError } from './errors';

/**
 * Parser limits (postal-mime rejects the parse when one is exceeded). SES
 * accepts mail up to 40 MB; real mail nests a handful of parts and carries a
 * few kB of headers, so these only stop hostile input.
 */
const MAX_NESTING_DEPTH = 64;
const MAX_HEADERS_BYTES = 1024 * 1024;
/** Forwarded messages parsed inline; deeper ones become attachments. */
const MAX_RFC822_DEPTH = 5;
/** Longest body text kept, and longest HTML rendered as text (the contact keeps far less; the raw MIME stays in the store). */
const MAX_TEXT_CHARS = 2_000_000;
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
  /** Where the sender asks answers to go (RFC 5322 Reply-To). */
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** The plain-text body; for HTML-only mail, the HTML rendered as text. */
  readonly text: string;
  /** Lower-case header names to their raw (unfolded) values, for loop protection. */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly MailAttachment[];
}

/**
 * Parses raw MIME with postal-mime (maintained, no dependencies; decodes
 * quoted-printable, base64, RFC 2047 words and legacy charsets such as
 * GB2312, GBK and Big5 through the platform's full-ICU TextDecoder; renders
 * HTML-only mail as text in linear time).
 *
 * @example
 * const mail = await parseEmail(readFileSync('events/email/outlook-gb2312.eml'));
 * mail.subject; // '停电了'
 */
export async function parseEmail(raw: Uint8Array): Promise<ParsedEmail> {
  let parsed: Email;
  try {
    parsed = await PostalMime.parse(raw, {
      maxNestingDepth: MAX_NESTING_DEPTH,
      maxHeadersSize: MAX_HEADERS_BYTES,
      maxRfc822NestingDepth: MAX_RFC822_DEPTH,
      // A forwarded message without a disposition is an attachment, as most clients show it.
      rfc822Attachments: true,
    });
  } catch (error) {
    // Past a limit the parse rejects with postal-mime's error ("Maximum header size of ... exceeded"): hostile input, not a retryable failure.
    throw new UnreadableMailError((error as Error).message?.slice(0, 200) || 'the MIME message could not be parsed', { cause: error });
  }
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return {
    messageId: messageIds(bracketed(parsed.messageId))[0],
    inReplyTo: messageIds(bracketed(parsed.inReplyTo)),
    references: messageIds((parsed.references ?? '').split(/\s+/).map(bracketed)),
    subject: (parsed.subject ?? '').trim(),
    from: addresses(parsed.from)[0],
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    // postal-mime renders no text for mail that has only an HTML body.
    text: (parsed.text || htmlToText(parsed.html ?? '')).slice(0, MAX_TEXT_CHARS).replace(/\r\n/g, '\n').trim(),
    headers,
    attachments: parsed.attachments
      .filter((a) => a.disposition !== 'inline' || !a.mimeType.startsWith('image/'))
      .map((a) => {
        const content = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
        return { filename: a.filename ?? 'attachment', contentType: contentType(a.mimeType, a.filename), size: content.byteLength, content };
      }),
  };
}

/**
 * Message-IDs in angle brackets, as written: answers repeat them exactly
 * (In-Reply-To, References); look-ups compare them case-insensitively (keys.emailMessage).
 */
export function messageIds(value: string | readonly string[] | undefined): string[] {
  if (!value) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  return [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => `<${m[1] as string}>`);
}

/** Some clients write a Message-ID without its angle brackets; the id is still meant. */
function bracketed(value: string | undefined): string {
  const id = value?.trim();
  if (!id) return '';
  return `${id.startsWith('<') ? '' : '<'}${id}${id.endsWith('>') ? '' : '>'}`;
}

function addresses(value: Address | readonly Address[] | undefined): MailAddress[] {
  if (!value) return [];
  const out: MailAddress[] = [];
  const walk = (entries: readonly Address[]) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address) out.push({ address: entry.address.trim().toLowerCase(), name: entry.name });
    }
  };
  walk(Array.isArray(value) ? value : [value as Address]);
  return out;
}

/** Types of the files customers attach, for parts some clients label only application/octet-stream. */
const TYPE_OF_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  heic: 'image/heic',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};

function contentType(mimeType: string, filename: string | null): string {
  if (mimeType !== 'application/octet-stream' || !filename) return mimeType;
  return TYPE_OF_EXTENSION[filename.slice(filename.lastIndexOf('.') + 1).toLowerCase()] ?? mimeType;
}

/** Elements whose content is not text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'svg', 'object']);
const LINE_BREAK = new Set(['br', 'tr', 'dt', 'dd']);
const PARAGRAPH = new Set(['p', 'div', 'table', 'blockquote', 'ul', 'ol', 'dl', 'pre', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'address', 'center', 'form']);
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ldquo: '\u201c', rdquo: '\u201d', lsquo: '\u2018', rsquo: '\u2019', laquo: '\u00ab', raquo: '\u00bb',
  mdash: '\u2014', ndash: '\u2013', hellip: '\u2026', middot: '\u00b7', bull: '\u2022', times: '\u00d7',
  yen: '\u00a5', euro: '\u20ac', pound: '\u00a3', copy: '\u00a9', reg: '\u00ae', deg: '\u00b0',
};

/**
 * HTML as the text a reader sees: tags dropped, paragraphs and line breaks
 * kept, script/style content dropped, entities decoded. One forward scan
 * (no backtracking regex), so hostile markup costs linear time; HTML past
 * MAX_HTML_CHARS is cut.
 */
function htmlToText(html: string): string {
  const source = html.slice(0, MAX_HTML_CHARS);
  // ASCII-only lower-casing keeps every index of `source` valid in `lower`.
  const lower = source.replace(/[A-Z]+/g, (c) => c.toLowerCase());
  const out: string[] = [];
  let link: string | undefined;
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    out.push(inlineText(source.slice(at, open < 0 ? source.length : open)));
    if (open < 0) break;
    const next = lower[open + 1] ?? '';
    if (lower.startsWith('<!--', open)) {
      const close = lower.indexOf('-->', open + 4);
      at = close < 0 ? source.length : close + 3;
      continue;
    }
    if (!/[a-z/!?]/.test(next)) {
      // A bare "<" in text.
      out.push('<');
      at = open + 1;
      continue;
    }
    // Markup left open runs to the end, as in a browser; so nothing is scanned twice.
    const end = tagEnd(lower, open + 1);
    at = end < 0 ? source.length : end + 1;
    const name = /^\/?([a-z][a-z0-9]*)/.exec(lower.slice(open + 1, open + 17))?.[1];
    if (end < 0 || !name) continue;
    const closing = next === '/';
    const selfClosing = lower[end - 1] === '/';
    if (!closing && !selfClosing && HIDDEN.has(name)) {
      const close = lower.indexOf(`</${name}`, at);
      const closeEnd = close < 0 ? -1 : tagEnd(lower, close + 1);
      at = closeEnd < 0 ? source.length : closeEnd + 1;
    } else if (name === 'a') {
      // A link keeps its target after its text, as "text [https://...]".
      if (link && link !== out.at(-1)?.trim()) out.push(` [${link}]`);
      link = closing ? undefined : linkTarget(source.slice(open, end));
    } else if (name === 'li' && !closing) out.push('\n* ');
    else if (LINE_BREAK.has(name)) out.push('\n');
    else if (PARAGRAPH.has(name)) out.push('\n\n');
    else if (name === 'td' || name === 'th') out.push(' ');
  }
  return out
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function linkTarget(tag: string): string | undefined {
  const match = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
  const href = (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  return /^(https?|mailto):/i.test(href) ? inlineText(href) : undefined;
}

/** Index of the ">" that ends the tag starting before `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(lower: string, from: number): number {
  let quote = '';
  for (let i = from; i < lower.length; i++) {
    const c = lower[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '>') return i;
    else if ((c === '"' || c === "'") && /[=\s]/.test(lower[i - 1] ?? '')) quote = c;
  }
  return -1;
}

/** Text between tags: source line breaks and runs of spaces are one space; entities decoded. */
function inlineText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (entity, body: string) => {
      if (body[0] !== '#') return ENTITIES[body.toLowerCase()] ?? entity;
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    })
    .replace(/\u00a0/g, ' ');
}

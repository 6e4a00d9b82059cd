/**
 * `npm run corpus:classify`: builds corpus/classify/train.jsonl from the
 * hand-written messages in corpus/classify/source/ and a few deterministic
 * variations of them (typos and dialect words, greetings and sign-offs, a
 * second topic in the same message, an account number, phone or address).
 * Same sources, same file, byte for byte. The held-out set
 * (heldout.jsonl) is written separately and never read here.
 *
 * Source format: one message per line in `<type>.<lang>.txt`; fault lines
 * start with their triage (`N|` network, `C|` customer side, `E|`
 * emergency); `mixed.zh-CN.txt` lines start with `<type>|` (and the triage
 * for faults).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TICKET_TYPES, type TicketType } from '../../functions/tickets/ticket';
import { seededRandom } from '../../functions/shared/prng';
import { composedLines } from './compose';
import { featureHash } from '../../functions/intake/classifier/features';

export type Triage = 'customer_side' | 'network' | 'emergency';
export interface CorpusLine {
  readonly text: string;
  readonly type: TicketType;
  readonly lang: 'zh-CN' | 'en';
  readonly triage?: Triage;
  readonly fields?: { account?: string; phone?: string; address?: string };
  /** The hand-written line a variation comes from, so a validation split keeps a message and its variations together. */
  readonly group?: number;
}

const HERE = resolve(import.meta.dirname);
const TRIAGE: Record<string, Triage> = { N: 'network', C: 'customer_side', E: 'emergency' };

function readSources(): CorpusLine[] {
  const lines: CorpusLine[] = [];
  const dir = join(HERE, 'source');
  for (const file of readdirSync(dir).sort()) {
    const [stem, lang] = /^(.+)\.(zh-CN|en)\.txt$/.exec(file)?.slice(1) ?? [];
    if (!stem || (lang !== 'zh-CN' && lang !== 'en')) throw new Error(`unexpected source file ${file}`);
    for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (raw.trim() === '') continue;
      let rest = raw;
      let type = stem as TicketType;
      if (stem === 'mixed') {
        const bar = rest.indexOf('|');
        type = rest.slice(0, bar) as TicketType;
        rest = rest.slice(bar + 1);
      }
      if (!TICKET_TYPES.includes(type)) throw new Error(`unknown type in ${file}: ${raw}`);
      let triage: Triage | undefined;
      if (type === 'fault_report') {
        triage = TRIAGE[rest.slice(0, 1)];
        if (!triage || rest[1] !== '|') throw new Error(`fault line without triage in ${file}: ${raw}`);
        rest = rest.slice(2);
      }
      lines.push({ text: rest.trim(), type, lang, ...(triage ? { triage } : {}) });
    }
  }
  return lines;
}


// How people actually type: dialect words, homophone typos from pinyin input, dropped particles.
const ZH_SWAPS: readonly (readonly [string, string])[] = [
  ['怎么', '咋'],
  ['什么', '啥'],
  ['没有', '木有'],
  ['没电', '没点'],
  ['停电', '停点'],
  ['跳闸', '跳匝'],
  ['电费', '点费'],
  ['为什么', '为啥'],
  ['一直', '一值'],
  ['师傅', '师父'],
  ['麻烦', '麻烦你们'],
  ['了', '啦'],
  ['我们', '俺们'],
  ['现在', '这会儿'],
  ['，', ' '],
  ['。', ''],
];
const EN_SWAPS: readonly (readonly [RegExp, string])[] = [
  [/\bplease\b/gi, 'pls'],
  [/\belectricity\b/gi, 'electricty'],
  [/\bpower\b/gi, 'powr'],
  [/\byou\b/gi, 'u'],
  [/\bbecause\b/gi, 'cos'],
  [/'/g, ''],
  [/\bthe\b/gi, 'teh'],
  [/\bthere\b/gi, 'their'],
  [/\bmeter\b/gi, 'metre'],
  [/\breceived\b/gi, 'recieved'],
  [/[.!?]+$/g, ''],
];
const ZH_OPENERS = ['你好，', '您好，', '喂，', '麻烦问下，', '打扰一下，', '师傅，', '客服你好，', ''];
const ZH_CLOSERS = ['，谢谢', '，麻烦尽快', '。急！', '，谢谢了', '！！', '，在线等', ''];
const EN_OPENERS = ['Hi, ', 'Hello, ', 'Good evening, ', 'hey ', 'Dear 95598, ', 'Excuse me, ', ''];
const EN_CLOSERS = [' Thanks.', ' pls help', ' Thank you!', ' asap', ' Regards', '!!', ''];

// A second, less urgent topic: a fault stays a fault, a report stays a report.
const ZH_SECOND = ['顺便问一下这个月电费多少', '另外我想咨询一下峰谷电价', '还有我上个月电费好像多扣了', '对了，我的户名也要改一下', '电费我都是按时交的'];
const EN_SECOND = ["also what's my bill this month", 'and how does the off-peak tariff work?', 'btw I think I was overcharged last month', 'I always pay my bills on time', 'also need to update my phone number'];

const ZH_ADDRESSES = ['杭州市西湖区文三路168号', '古墩路99号阳光小区7栋2单元', '滨江区江南大道88号', '宁波市海曙区药行街12号', '温州鹿城区人民路56号', '天目山路20号3幢1单元502', '长河路东方花园5栋'];
const EN_ADDRESSES = ['18 Wensan Road, Xihu', 'No. 88 Jiangnan Avenue, Binjiang', '12 Yaohang Street, Ningbo', 'Room 502, No. 20 Tianmushan Road', '56 Renmin Road, Lucheng'];
const MOBILE = ['138', '139', '135', '186', '150', '181'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function digits(random: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(Math.floor(random() * 10));
  return out;
}

function misspell(line: CorpusLine, random: () => number): string | undefined {
  let text = line.text;
  if (line.lang === 'zh-CN') {
    const applicable = ZH_SWAPS.filter(([from]) => text.includes(from));
    if (applicable.length === 0) return undefined;
    for (const [from, to] of applicable) if (random() < 0.6) text = text.replaceAll(from, to);
  } else {
    for (const [from, to] of EN_SWAPS) if (random() < 0.5) text = text.replace(from, to);
    if (random() < 0.5) text = text.toLowerCase();
  }
  return text === line.text ? undefined : text;
}

function framed(line: CorpusLine, random: () => number): string | undefined {
  const [openers, closers] = line.lang === 'zh-CN' ? [ZH_OPENERS, ZH_CLOSERS] : [EN_OPENERS, EN_CLOSERS];
  const text = `${pick(random, openers)}${line.text.replace(/[。.！!]+$/u, '')}${pick(random, closers)}`;
  return text === line.text ? undefined : text;
}

function withSecondTopic(line: CorpusLine, random: () => number): string {
  return line.lang === 'zh-CN' ? `${line.text.replace(/[。！!]+$/u, '')}，${pick(random, ZH_SECOND)}` : `${line.text.replace(/[.!]+$/u, '')}, ${pick(random, EN_SECOND)}`;
}

function withKeyFields(line: CorpusLine, random: () => number): CorpusLine {
  const account = `33${digits(random, 8)}`;
  const phone = `${pick(random, MOBILE)}${digits(random, 8)}`;
  const zh = line.lang === 'zh-CN';
  const address = pick(random, zh ? ZH_ADDRESSES : EN_ADDRESSES);
  const which = Math.floor(random() * 3);
  const base = line.text.replace(/[。.！!]+$/u, '');
  if (which === 0) return { ...line, text: zh ? `${base}，户号${account}` : `${base}, account ${account}`, fields: { account } };
  if (which === 1) return { ...line, text: zh ? `${base}，回电${phone}` : `${base}. Call me back on ${phone}`, fields: { phone } };
  return { ...line, text: zh ? `${address}，${base}` : `${base} - ${address}`, fields: { address } };
}

/** Composed messages per template (compose.ts); their groups start here, past the source lines'. */
const COMPOSED_PER_TEMPLATE = Number(process.env.COMPOSED_PER_TEMPLATE ?? 40);
export const COMPOSED_GROUPS = 200_000;

/**
 * A source line's group, from its text rather than its place in the files: adding lines then leaves every other
 * line on its side of the validation split, so figures before and after a corpus change compare like with like.
 */
function groupOf(line: CorpusLine): number {
  return featureHash(line.text) % COMPOSED_GROUPS;
}

/** The training lines: every source line once, then its variations, de-duplicated, in a fixed order. */
export function buildTrainingCorpus(): CorpusLine[] {
  const sources = readSources();
  const out: CorpusLine[] = [];
  const seen = new Set<string>();
  const add = (line: CorpusLine) => {
    if (seen.has(line.text)) return;
    seen.add(line.text);
    out.push(line);
  };
  sources.forEach((line) => add({ ...line, group: groupOf(line) }));
  sources.forEach((source, index) => {
    const line = { ...source, group: groupOf(source) };
    const random = seededRandom(index + 1);
    const typo = misspell(line, random);
    if (typo && random() < 0.55) add({ ...line, text: typo });
    const frame = framed(line, random);
    if (frame && random() < 0.3) add({ ...line, text: frame });
    if ((line.type === 'fault_report' || line.type === 'whistleblowing_report') && line.text.length < 60 && random() < 0.3) add({ ...line, text: withSecondTopic(line, random) });
    if (['fault_report', 'information_query', 'service_application', 'complaint'].includes(line.type) && random() < 0.15) add(withKeyFields(line, random));
  });
  for (const line of composedLines(COMPOSED_PER_TEMPLATE, COMPOSED_GROUPS)) add(line);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = buildTrainingCorpus();
  writeFileSync(join(HERE, 'train.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const counts: Record<string, number> = {};
  for (const line of lines) counts[`${line.type} ${line.lang}`] = (counts[`${line.type} ${line.lang}`] ?? 0) + 1;
  console.log(`corpus/classify/train.jsonl: ${lines.length} messages`, counts);
}

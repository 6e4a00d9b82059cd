/**
 * The classifier's features, shared by the trainer (corpus/classify/) and
 * the runtime so both see a message the same way. Chinese needs no word
 * segmentation: character 1- to 3-grams carry the words. English gets
 * lightly stemmed words and word pairs. Character 3-grams inside English
 * words were tried for typos and lost 1.5 points on the validation split;
 * the concept lexicon covers the common misspellings instead.
 */

/** Case, width and digits folded: every run of digits is one `0`, so numbers are a shape, not a vocabulary. */
export function normalizeForFeatures(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\d+/g, '0').replace(/'/g, '');
}

const LATIN_WORD = /[a-z0]+/g;
const NOT_HAN = /[^\p{Script=Han}]+/u;
/** Where a negation's reach ends: a clause's punctuation. */
const CLAUSE = /[.,;:!?\n，。；：！？、]+/u;
/** Chinese characters that negate what follows: 不满意 is not 满意, 没有电 is not 有电. */
const ZH_NEGATORS = new Set(['不', '没', '未', '别', '无', '非']);
const EN_NEGATORS = new Set(['not', 'no', 'never', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'cant', 'cannot', 'couldnt', 'wont', 'wouldnt', 'havent', 'hasnt', 'hadnt', 'nobody', 'nothing', 'without', 'nor']);
/** How many English words after a negator it reaches (within the clause). */
const EN_NEGATION_REACH = 3;

/**
 * The distinct features of a message. Negation is marked on top: a Chinese
 * n-gram right after a negator (不, 没, ...) and an English word up to three
 * words after one (not, no, never, didn't, ...) in the same clause also give
 * `!n-gram`, so "不满意" and "not happy" can weigh otherwise than 满意 and
 * happy. (Replacing the n-gram by its marked form, rather than adding it,
 * lost 0.4 point on the validation split and 1 on dev.jsonl; adding it gained
 * 0.5 on the split, the model alone 0.927 to 0.933.)
 *
 * @example
 * messageFeatures('停电了'); // ['停', '电', '了', '停电', '电了', '停电了']
 * messageFeatures('No power'); // ['no', 'power', '!power', 'no power']
 * messageFeatures('没电'); // ['没', '没电', '电', '!电']
 */
export function messageFeatures(text: string): string[] {
  const normalized = normalizeForFeatures(text);
  const features = new Set<string>();
  for (const run of normalized.split(NOT_HAN)) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      const mark = i > 0 && ZH_NEGATORS.has(chars[i - 1]!) ? '!' : '';
      const one = chars[i]!;
      features.add(one);
      if (mark) features.add(mark + one);
      if (i + 1 < chars.length) {
        const two = one + chars[i + 1]!;
        features.add(two);
        if (mark) features.add(mark + two);
        if (i + 2 < chars.length) features.add(two + chars[i + 2]!);
      }
    }
  }
  let previous: string | undefined;
  for (const clause of normalized.split(CLAUSE)) {
    let reach = 0;
    for (const raw of clause.match(LATIN_WORD) ?? []) {
      const word = stem(raw);
      features.add(word);
      if (reach > 0) features.add(`!${word}`);
      if (previous !== undefined) features.add(`${previous} ${word}`);
      previous = word;
      reach = EN_NEGATORS.has(raw) ? EN_NEGATION_REACH : Math.max(0, reach - 1);
    }
  }
  return [...features];
}

/** A light English stemmer: "outages", "tripped", "sparking" meet "outage", "trip", "spark". */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function undouble(word: string): string {
  return /([bdgmnprt])\1$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * FNV-1a over UTF-16 units, cut to 24 bits: the model stores these instead of
 * the feature strings, which keeps it small (a collision with an unseen
 * feature is about one in ten thousand per feature).
 *
 * @example
 * featureHash('停电'); // a number below 2^24
 */
export function featureHash(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0xffffff;
}

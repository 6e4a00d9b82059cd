/**
 * A linear model over hashed message features (features.ts), as the trainer
 * writes it: feature hashes sorted and stored as the gaps between them,
 * each feature's weights as 4-bit steps of its own scale (so a concept's
 * large weights and an n-gram's small ones both keep their precision), both
 * base64, plus the concept lexicon (corpus/classify/lexicon.ts) as hashed
 * terms. Decoded once per process.
 */
import { featureHash, messageFeatures } from './features';

/** The committed file's shape (corpus/classify/train-classifier.ts writes it). */
export interface CompactModel {
  readonly classes: readonly string[];
  /** A weight (and a bias) in the units below times `scale` is the logit's term. */
  readonly scale: number;
  readonly bias: readonly number[];
  /** The features' 24-bit hashes in ascending order, each as its gap from the previous one in a LEB128 varint. */
  readonly hashes: string;
  /**
   * One row per feature, in `hashes` order: a byte `e` (the row's step is 2^((e - 128) / 8) units), then one
   * 4-bit signed step count (-7..7, high nibble first) per class, padded to whole bytes.
   */
  readonly weights: string;
  readonly concepts: readonly string[];
  /** Per lexicon term, in ascending hash order: the gap from the previous term's 24-bit hash (LEB128), then its concept's index (a byte). */
  readonly lexicon: string;
}

export interface Analysis {
  /** Class probabilities, in the model's `classes` order. */
  readonly probabilities: number[];
  /** Names of the concepts the message mentions (lexicon.ts). */
  readonly concepts: ReadonlySet<string>;
}

export interface LinearModel {
  readonly classes: readonly string[];
  analyse(text: string): Analysis;
}

/**
 * The message's features plus one `@concept` feature per concept it mentions.
 *
 * @example
 * withConcepts(messageFeatures('红包'), conceptsByHash, names); // [..., '@bribe']
 */
export function withConcepts(
  features: readonly string[],
  conceptsByHash: ReadonlyMap<number, readonly number[]>,
  names: readonly string[],
): { features: string[]; concepts: Set<string> } {
  const concepts = new Set<string>();
  for (const feature of features) for (const c of conceptsByHash.get(featureHash(feature)) ?? []) concepts.add(names[c]!);
  return { features: [...features, ...[...concepts].sort().map((name) => `@${name}`)], concepts };
}

/**
 * Decodes the hashed lexicon: term hash to the concepts it belongs to.
 *
 * @example
 * decodeLexicon(model.lexicon).get(featureHash('红包')); // [index of 'bribe']
 */
export function decodeLexicon(lexicon: string): Map<number, number[]> {
  const bytes = Buffer.from(lexicon, 'base64');
  const out = new Map<number, number[]>();
  let hash = 0;
  for (let i = 0; i < bytes.length; ) {
    const [gap, next] = readVarint(bytes, i);
    hash += gap;
    out.set(hash, [...(out.get(hash) ?? []), bytes[next]!]);
    i = next + 1;
  }
  return out;
}

/**
 * Decodes a compact model into a scorer.
 *
 * @example
 * const model = loadModel(compact);
 * model.analyse('停电了').probabilities; // [0.9, 0.01, ...]
 */
export function loadModel(compact: CompactModel): LinearModel {
  const classCount = compact.classes.length;
  const hashes = decodeGaps(Buffer.from(compact.hashes, 'base64'));
  const weights = decodeRows(Buffer.from(compact.weights, 'base64'), hashes.length, classCount);
  const rowOf = new Map<number, number>();
  hashes.forEach((hash, row) => rowOf.set(hash, row));
  const lexicon = decodeLexicon(compact.lexicon);
  return {
    classes: compact.classes,
    analyse(text) {
      const { features, concepts } = withConcepts(messageFeatures(text), lexicon, compact.concepts);
      const sums = new Array<number>(classCount).fill(0);
      for (const feature of features) {
        const row = rowOf.get(featureHash(feature));
        if (row === undefined) continue;
        for (let c = 0; c < classCount; c++) sums[c]! += weights[row * classCount + c]!;
      }
      // Divided by sqrt(feature count), as in training, so long and short messages score alike.
      const norm = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
      const logits = sums.map((sum, c) => (sum * norm + compact.bias[c]!) * compact.scale);
      const max = Math.max(...logits);
      const exps = logits.map((logit) => Math.exp(logit - max));
      const total = exps.reduce((a, b) => a + b, 0);
      return { probabilities: exps.map((e) => e / total), concepts };
    },
  };
}

/** Bytes a row of weights takes: its step byte and a nibble per class. */
export function rowBytes(classCount: number): number {
  return 1 + Math.ceil(classCount / 2);
}

/** The LEB128 number at `at`, and where the next field starts. */
function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** Ascending hashes from their LEB128 gaps (the first gap is from 0). */
function decodeGaps(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let previous = 0;
  for (let i = 0; i < bytes.length; ) {
    const [gap, next] = readVarint(bytes, i);
    previous += gap;
    out.push(previous);
    i = next;
  }
  return out;
}

/** Weights in units, row-major [feature][class], from the rows' step bytes and nibbles. */
function decodeRows(bytes: Uint8Array, rows: number, classCount: number): Float64Array {
  const out = new Float64Array(rows * classCount);
  const size = rowBytes(classCount);
  for (let row = 0; row < rows; row++) {
    const at = row * size;
    const step = 2 ** ((bytes[at]! - 128) / 8);
    for (let c = 0; c < classCount; c++) {
      const byte = bytes[at + 1 + (c >> 1)]!;
      const nibble = c % 2 === 0 ? byte >> 4 : byte & 0x0f;
      out[row * classCount + c] = (nibble >= 8 ? nibble - 16 : nibble) * step;
    }
  }
  return out;
}

/**
 * A linear model over hashed message features (features.ts), as the trainer
 * writes it: weights quantised to int8 with one scale, feature hashes in
 * 3 bytes, both base64, plus the concept lexicon (corpus/classify/lexicon.ts)
 * as hashed terms. Decoded once per process.
 */
import { featureHash, messageFeatures } from './features';

/** The committed file's shape (corpus/classify/train-classifier.ts writes it). */
export interface CompactModel {
  readonly classes: readonly string[];
  /** A stored int times `scale` is the weight. */
  readonly scale: number;
  readonly bias: readonly number[];
  /** 3 bytes per feature, big-endian 24-bit hashes. */
  readonly hashes: string;
  /** One signed byte per feature and class, row by row. */
  readonly weights: string;
  readonly concepts: readonly string[];
  /** 4 bytes per lexicon term: its 24-bit hash, then its concept's index. */
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
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const hash = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out.set(hash, [...(out.get(hash) ?? []), bytes[i + 3]!]);
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
  const hashBytes = Buffer.from(compact.hashes, 'base64');
  const weightBytes = new Int8Array(Buffer.from(compact.weights, 'base64'));
  const rowOf = new Map<number, number>();
  for (let row = 0; row * 3 < hashBytes.length; row++) {
    rowOf.set((hashBytes[row * 3]! << 16) | (hashBytes[row * 3 + 1]! << 8) | hashBytes[row * 3 + 2]!, row);
  }
  const lexicon = decodeLexicon(compact.lexicon);
  return {
    classes: compact.classes,
    analyse(text) {
      const { features, concepts } = withConcepts(messageFeatures(text), lexicon, compact.concepts);
      const sums = new Array<number>(classCount).fill(0);
      for (const feature of features) {
        const row = rowOf.get(featureHash(feature));
        if (row === undefined) continue;
        for (let c = 0; c < classCount; c++) sums[c]! += weightBytes[row * classCount + c]!;
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

import { readFileSync } from 'node:fs';
import type { CorpusLine } from './build-train';

/**
 * The lines of a corpus file (JSONL, one message per line).
 *
 * @example
 * readCorpus('corpus/classify/train.jsonl').length; // 2995
 */
export function readCorpus(path: string): CorpusLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusLine);
}

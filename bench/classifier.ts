import { classifyText } from '../functions/intake/classify';
import { readCorpus } from '../corpus/classify/read-corpus';
import { median } from './bundles';

/**
 * Issue 10: classifyText per message, in-process, over the held-out set's
 * texts (repeated to `count`), after a warm-up. Median and p99 in ms.
 */
export function benchClassifier(count: number): { medianMs: number; p99Ms: number; messages: number } {
  const texts = readCorpus('corpus/classify/heldout.jsonl').map((line) => line.text);
  for (const text of texts) classifyText(text);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const text = texts[i % texts.length]!;
    const start = performance.now();
    classifyText(text);
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!, messages: count };
}

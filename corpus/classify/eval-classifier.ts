/**
 * `npm run eval:classify [file.jsonl] [--model model.json] [--misses]`:
 * classifyText on the held-out set (default corpus/classify/heldout.jsonl),
 * with accuracy, per-type precision and recall, per-language accuracy and the
 * confusion matrix; exits 1 when a bar is missed (evaluate.ts, BARS).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifierFor, classifyText } from '../../functions/intake/classify';
import type { CompactModel } from '../../functions/intake/classifier/model';
import { evaluate, formatEvaluation } from './evaluate';
import { readCorpus } from './read-corpus';

const args = process.argv.slice(2);
const modelAt = args.indexOf('--model');
const modelPath = modelAt >= 0 ? args[modelAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && (modelAt < 0 || i !== modelAt + 1)) ?? resolve(import.meta.dirname, 'heldout.jsonl');
const classify = modelPath ? classifierFor(JSON.parse(readFileSync(modelPath, 'utf8')) as CompactModel) : classifyText;

const result = evaluate(readCorpus(file), classify);
console.log(`${file}${modelPath ? ` with ${modelPath}` : ''}\n`);
console.log(formatEvaluation(result));
if (args.includes('--misses')) for (const miss of result.misses) console.log(`  ${miss.expected} -> ${miss.got} (${miss.confidence}) ${miss.text}`);
if (result.failures.length > 0) process.exitCode = 1;

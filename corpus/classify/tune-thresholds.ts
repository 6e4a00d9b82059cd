/**
 * `npm run tune:classify -- <dir>`: the safety and review thresholds of
 * functions/intake/classify.ts tried over the validation split's model
 * (`VALIDATION_OUT=<dir> npm run train:classify` writes `<dir>/model.json`
 * and `<dir>/validation.jsonl`), never over the held-out set. Prints, per
 * candidate, accuracy, fault and report recall and how many messages an
 * agent would confirm; the chosen values are the constants in classify.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifierFor, FAULT_GUARD_THRESHOLD, FAULT_WORDS_THRESHOLD, REVIEW_THRESHOLD, WHISTLEBLOWING_THRESHOLD } from '../../functions/intake/classify';
import type { CompactModel } from '../../functions/intake/classifier/model';
import { evaluate } from './evaluate';
import { readCorpus } from './read-corpus';

const dir = process.argv[2];
if (!dir) throw new Error('usage: npm run tune:classify -- <VALIDATION_OUT dir>');
const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as CompactModel;
const lines = readCorpus(join(dir, 'validation.jsonl'));
const current = { whistleblowing: WHISTLEBLOWING_THRESHOLD, faultGuard: FAULT_GUARD_THRESHOLD, faultWords: FAULT_WORDS_THRESHOLD, review: REVIEW_THRESHOLD };

function row(label: string, thresholds: typeof current): void {
  const result = evaluate(lines, classifierFor(model, thresholds));
  const f = result.byType.fault_report;
  const r = result.byType.whistleblowing_report;
  console.log(`${label.padEnd(28)} accuracy ${result.accuracy.toFixed(3)}  fault recall ${f.recall.toFixed(3)} (precision ${f.precision.toFixed(3)})  report recall ${r.recall.toFixed(3)} (precision ${r.precision.toFixed(3)})  for review ${result.needsReview}`);
}

console.log(`${lines.length} validation messages; current ${JSON.stringify(current)}`);
for (const whistleblowing of [0.15, 0.2, 0.25, 0.3, 0.35, 0.45]) row(`whistleblowing ${whistleblowing}`, { ...current, whistleblowing });
for (const faultGuard of [0.15, 0.2, 0.25, 0.3, 0.4]) row(`faultGuard ${faultGuard}`, { ...current, faultGuard });
for (const faultWords of [0.05, 0.1, 0.2]) row(`faultWords ${faultWords}`, { ...current, faultWords });
// How often the type is wrong among the messages the review threshold lets through unconfirmed.
for (const review of [0.5, 0.6, 0.7, 0.8]) {
  const classify = classifierFor(model, { ...current, review });
  let sure = 0;
  let sureWrong = 0;
  for (const line of lines) {
    const result = classify(line.text);
    if (result.needsReview) continue;
    sure++;
    if (result.type !== line.type) sureWrong++;
  }
  console.log(`review ${review}: ${lines.length - sure} for review, ${sureWrong} wrong of ${sure} not reviewed (${((sureWrong / sure) * 100).toFixed(1)}%)`);
}

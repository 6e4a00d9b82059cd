import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { classifyText } from '../../functions/intake/classify';
import { BARS, evaluate } from '../../corpus/classify/evaluate';
import { readCorpus } from '../../corpus/classify/read-corpus';

// The committed model on the held-out set (written separately, never trained on), held to issue 10's
// bars (accuracy 0.92, fault and report recall 0.98, languages within 0.03). Measured after the corpus grew
// to 4,371 hand-written lines with L2 6e-4, 2000 features and the report threshold at 0.2: 0.952 accuracy,
// fault recall 1.000, report recall 0.982, languages 0.016 apart (before: 0.909, 0.983, 0.982, 0.024; the
// first trained model: 0.846, 0.958, 0.875; the keyword list: 0.317, 0.403, 0.054).
const FLOOR = { accuracy: BARS.accuracy, faultRecall: 0.98, reportRecall: 0.98 };
const heldOut = readCorpus(resolve(import.meta.dirname, '../../corpus/classify/heldout.jsonl'));
const result = evaluate(heldOut, classifyText);

describe('the ticket classifier on the held-out set', () => {
  it('holds at least 400 messages in both languages and every type', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(400);
    expect(new Set(heldOut.map((line) => line.lang))).toEqual(new Set(['zh-CN', 'en']));
    expect(Object.values(result.byType).every((v) => v.support > 0)).toBe(true);
  });

  it(`is right on at least ${FLOOR.accuracy} of the messages (the bar)`, () => {
    expect(result.accuracy).toBeGreaterThanOrEqual(FLOOR.accuracy);
  });

  it('finds at least 98% of the fault reports and of the whistleblowing reports (the bar)', () => {
    expect(result.byType.fault_report.recall).toBeGreaterThanOrEqual(FLOOR.faultRecall);
    expect(result.byType.whistleblowing_report.recall).toBeGreaterThanOrEqual(FLOOR.reportRecall);
  });

  it('is as good in one language as in the other (within 0.03)', () => {
    const [zh, en] = [result.byLanguage['zh-CN']!.accuracy, result.byLanguage.en!.accuracy];
    expect(Math.abs(zh - en)).toBeLessThanOrEqual(BARS.languageGap);
  });
});

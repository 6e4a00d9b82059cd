import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { classifyText } from '../../functions/intake/classify';
import { BARS, evaluate } from '../../corpus/classify/evaluate';
import { readCorpus } from '../../corpus/classify/read-corpus';

// The committed model on the held-out set (written separately, never trained on): issue 10's bars.
const heldOut = readCorpus(resolve(import.meta.dirname, '../../corpus/classify/heldout.jsonl'));
const result = evaluate(heldOut, classifyText);

describe('the ticket classifier on the held-out set', () => {
  it('holds at least 400 messages in both languages and every type', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(400);
    expect(new Set(heldOut.map((line) => line.lang))).toEqual(new Set(['zh-CN', 'en']));
    expect(Object.values(result.byType).every((v) => v.support > 0)).toBe(true);
  });

  it(`is right on at least ${BARS.accuracy} of the messages`, () => {
    expect(result.accuracy).toBeGreaterThanOrEqual(BARS.accuracy);
  });

  it('finds at least 98% of the fault reports and of the whistleblowing reports', () => {
    expect(result.byType.fault_report.recall).toBeGreaterThanOrEqual(BARS.recall.fault_report!);
    expect(result.byType.whistleblowing_report.recall).toBeGreaterThanOrEqual(BARS.recall.whistleblowing_report!);
  });

  it('is as good in one language as in the other (within 0.03)', () => {
    const [zh, en] = [result.byLanguage['zh-CN']!.accuracy, result.byLanguage.en!.accuracy];
    expect(Math.abs(zh - en)).toBeLessThanOrEqual(BARS.languageGap);
  });
});

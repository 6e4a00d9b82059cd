import { describe, expect, it } from 'vitest';
import { VoiceDeadlineExceededError } from '../../functions/voice/errors';
import { withinDeadline } from '../../functions/voice/deadline';
import { keypadClassification, parseFaultInput, SYMPTOM_TICKET_TEXT, FAULT_SYMPTOMS } from '../../functions/voice/fault-report';
import { billPrompt, LANGUAGES, outagePrompt, PROMPTS, spokenTime } from '../../functions/voice/prompts';
import { syntheticBillSummary } from '../../functions/customers/bill-summary';
import { classifyText } from '../../functions/intake/classify';

describe('fault keypad input', () => {
  it.each([
    ['11', { kind: 'own_account', symptom: 'no_power_home' }],
    ['41', { kind: 'own_account', symptom: 'meter_fault' }],
    ['33312345678', { kind: 'account', symptom: 'damaged_line', accountNumber: '3312345678' }],
    ['5', { kind: 'invalid' }],
    ['12', { kind: 'invalid' }],
    ['2331234567', { kind: 'invalid' }],
    ['Timeout', { kind: 'invalid' }],
  ])('%s', (keyed, expected) => {
    expect(parseFaultInput(keyed)).toEqual(expected);
  });

  it('files every keypad symptom as a fault report without classifying text, a damaged line as an emergency', () => {
    for (const symptom of FAULT_SYMPTOMS) expect(keypadClassification(symptom, '3312345678')).toMatchObject({ type: 'fault_report', confidence: 1, needsReview: false, keyFields: { account: '3312345678' } });
    expect(keypadClassification('damaged_line')).toMatchObject({ triage: 'emergency', emergency: true });
    expect(keypadClassification('no_power_home')).toMatchObject({ triage: 'network', emergency: false });
  });

  it('words every symptom so an agent reading the ticket, or the text classifier, sees a fault', () => {
    for (const symptom of FAULT_SYMPTOMS) expect(SYMPTOM_TICKET_TEXT[symptom]).toMatch(/停电|线路|电表/);
    expect(classifyText(SYMPTOM_TICKET_TEXT.no_power_area).type).toBe('fault_report');
  });
});

describe('IVR prompts', () => {
  it('has every fixed prompt in both languages, in the right script', () => {
    for (const [key, texts] of Object.entries(PROMPTS)) {
      for (const language of LANGUAGES) expect(texts[language], `${key} ${language}`).toBeTruthy();
      expect(texts['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(texts.en).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it('speaks the ETR in the centre time zone', () => {
    expect(spokenTime('2026-11-23T10:30:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('11月23日18点30分');
    expect(spokenTime('2026-11-23T10:00:00Z', 'en', 'Asia/Shanghai')).toBe('18:00 on 23 November');
  });

  it('offers SMS updates only when asked to', () => {
    const cause = { 'zh-CN': '电缆故障', en: 'a cable fault' };
    expect(outagePrompt(cause, '2026-11-23T10:30:00Z', 'en', 'Asia/Shanghai', true)).toContain('press 1');
    expect(outagePrompt(cause, '2026-11-23T10:30:00Z', 'en', 'Asia/Shanghai', false)).not.toContain('press 1');
  });

  it('reads amounts in yuan from integer fen', () => {
    const bill = { ...syntheticBillSummary('3312345678'), billAmountFen: 12345, balanceDueFen: 12345 };
    expect(billPrompt(bill, 'zh-CN')).toContain('123.45元');
    expect(billPrompt({ ...bill, balanceDueFen: 0 }, 'en')).toContain('nothing is due');
  });
});

describe('withinDeadline', () => {
  it('fails a slow step with VoiceDeadlineExceededError and passes a quick one through', async () => {
    await expect(withinDeadline(new Promise((r) => setTimeout(r, 200)), 20)).rejects.toBeInstanceOf(VoiceDeadlineExceededError);
    await expect(withinDeadline(Promise.resolve('ok'), 20)).resolves.toBe('ok');
  });
});

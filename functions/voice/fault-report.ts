import type { Classification } from '../intake/classify';
import type { FaultTriage } from '../tickets/ticket';

/**
 * Fault reports by keypad: one entry, the symptom digit then `1` (the
 * account bound to the calling number) or a 10-digit account number.
 * Read back before saving; the draft waits in DynamoDB for the confirmation.
 */
export const FAULT_SYMPTOMS = ['no_power_home', 'no_power_area', 'damaged_line', 'meter_fault'] as const;
export type FaultSymptom = (typeof FAULT_SYMPTOMS)[number];

/** What the caller keyed, before it is saved. */
export interface FaultDraft {
  readonly symptom: FaultSymptom;
  readonly accountNumber: string;
  /** True when the account is the one bound to the calling number. */
  readonly ownAccount: boolean;
}

/** How the symptom reads on the ticket: Chinese keywords the intake classifier routes as a fault report. */
export const SYMPTOM_TICKET_TEXT: Readonly<Record<FaultSymptom, string>> = {
  no_power_home: '停电：全户无电',
  no_power_area: '停电：邻里均无电',
  damaged_line: '线路打火或损坏',
  meter_fault: '电表坏：计量故障',
};

/** Where each keypad symptom points: a sparking or damaged line is an emergency; the rest is dispatched. */
const SYMPTOM_TRIAGE: Readonly<Record<FaultSymptom, FaultTriage>> = {
  no_power_home: 'network',
  no_power_area: 'network',
  damaged_line: 'emergency',
  meter_fault: 'network',
};

/**
 * The classification of a keypad fault report: the caller chose the type,
 * so no model runs (and none is bundled into the IVR function).
 *
 * @example
 * keypadClassification('damaged_line', '3312345678').emergency; // true
 */
export function keypadClassification(symptom: FaultSymptom, accountNumber?: string): Classification {
  const triage = SYMPTOM_TRIAGE[symptom];
  return {
    type: 'fault_report',
    confidence: 1,
    needsReview: false,
    confidential: false,
    triage,
    emergency: triage === 'emergency',
    keyFields: accountNumber ? { account: accountNumber } : {},
    decidedBy: 'keypad',
  };
}

export type ParsedFaultInput =
  | { readonly kind: 'own_account'; readonly symptom: FaultSymptom }
  | { readonly kind: 'account'; readonly symptom: FaultSymptom; readonly accountNumber: string }
  | { readonly kind: 'invalid' };

/**
 * Parses the keypad entry.
 *
 * @example
 * parseFaultInput('11'); // { kind: 'own_account', symptom: 'no_power_home' }
 * parseFaultInput('33312345678'); // { kind: 'account', symptom: 'damaged_line', accountNumber: '3312345678' }
 */
export function parseFaultInput(keyed: string): ParsedFaultInput {
  const match = /^([1-4])(1|\d{10})$/.exec(keyed.trim());
  if (!match) return { kind: 'invalid' };
  const symptom = FAULT_SYMPTOMS[Number(match[1]) - 1] as FaultSymptom;
  const target = match[2] as string;
  return target === '1' ? { kind: 'own_account', symptom } : { kind: 'account', symptom, accountNumber: target };
}

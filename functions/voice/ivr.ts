/**
 * The IVR self-service use cases behind the contact flow (issue 3). Each
 * step answers a flat map of strings: `result` and `route` steer the flow,
 * `prompt` is what it says next. The flow persists only `ticketNumber`,
 * `ticketType` and `language` as contact attributes (they end up in contact
 * records); everything else in an answer, balances and read-backs included,
 * is spoken from `$.External` and forgotten.
 */
import { verifyPin } from '../customers/pin';
import { checkPinWithLockout, type PinAttemptLedger, type PinLockoutPolicy } from '../customers/pin-lockout';
import { contactKey as keyOf, type Contact } from '../intake/contact';
import { recordContact, type IntakeDeps } from '../intake/intake';
import type { SenderContext } from '../intake/ports';
import { outageCovering } from '../outages/outage';
import * as keys from '../shared/keys';
import { keypadClassification, parseFaultInput, SYMPTOM_TICKET_TEXT, type FaultDraft } from './fault-report';
import type { CallStateRepository } from './ports';
import { billPrompt, faultReadBackPrompt, outagePrompt, pinRetryPrompt, prompt, ticketPrompt, type Language } from './prompts';
import { callerLanguage, type LanguageSignals } from './caller-language';
import type { VoiceAction } from './schemas';

/** One IVR step as the domain sees it: no Connect shapes. */
export interface IvrRequest {
  readonly action: VoiceAction;
  readonly contactId: string;
  /** E.164 caller number; absent when withheld. A hint, never proof of identity. */
  readonly phone?: string;
  /** The number the customer dialled. */
  readonly dialled: string;
  /** The language before the directory is read (`callerLanguage` without it): prompts of every step. */
  readonly language: Language;
  /** What Connect and the number say about the language; `lookup` adds the directory in between. */
  readonly languageSignals?: LanguageSignals;
  /** Keypad digits (`pin`, `keypad`) or other block parameters. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** `route`: `continue` (self-service goes on), `agent` (queue hand-off), `end` (goodbye). */
export type IvrAnswer = Readonly<Record<string, string>> & { readonly result: string; readonly route: 'continue' | 'agent' | 'end' };

export interface IvrDeps {
  readonly intake: IntakeDeps;
  readonly calls: CallStateRepository;
  /** The account's PIN attempts, shared with every other channel. */
  readonly pinAttempts: PinAttemptLedger;
  readonly pinLockout: PinLockoutPolicy;
  readonly now: () => Date;
  readonly timeZone: string;
}

/** Verification and fault drafts outlive no call: an hour is longer than any call. */
const CALL_STATE_TTL_MS = 3_600_000;

/**
 * The answer for any failure: the caller goes to an agent, with nothing
 * personal in it. Also what the handler returns when the step failed or was too slow.
 *
 * @example
 * safeHandoff('en'); // { result: 'error', route: 'agent', prompt: 'Transferring you…', ... }
 */
export function safeHandoff(language: Language): IvrAnswer {
  return {
    result: 'error',
    route: 'agent',
    language,
    prompt: prompt('toAgent', language),
    menuPrompt: prompt('menu', language),
    pinPrompt: prompt('enterPin', language),
    faultPrompt: prompt('faultInput', language),
    ticketNumber: '',
    ticketType: '',
  };
}

/**
 * Runs one IVR step.
 *
 * Primary course of a call:
 * 1. lookup: who the number belongs to (a hint for the language, never proof).
 * 2. outage_check: a caller inside an active outage hears cause and ETR and
 *    is counted once on that outage (idempotent by ContactId); sms_updates signs them up.
 * 3. verify_pin: bound phone plus PIN, under the account's lockout shared with chat (3 tries, then 15 minutes).
 * 4. account_summary: balance and last bill, only on a verified call.
 * 5. report_fault: keypad entry read back; confirm_fault saves it as a ticket (or joins an outage).
 * 6. handoff: the ticket number and type for the agent, nothing else.
 */
export async function runIvrStep(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  // The flow's menus speak these from whichever step ran last, so every answer carries them.
  const base = {
    language: request.language,
    menuPrompt: prompt('menu', request.language),
    pinPrompt: prompt('enterPin', request.language),
    faultPrompt: prompt('faultInput', request.language),
  };
  const answer = await step(request, deps);
  return { ...base, ...answer };
}

async function step(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  switch (request.action) {
    case 'lookup':
      return lookup(request, deps);
    case 'outage_check':
      return checkOutage(request, deps);
    case 'sms_updates':
      return smsUpdates(request, deps);
    case 'verify_pin':
      return verifyCaller(request, deps);
    case 'account_summary':
      return accountSummary(request, deps);
    case 'report_fault':
      return readBackFault(request, deps);
    case 'confirm_fault':
      return confirmFault(request, deps);
    case 'handoff':
      return handoff(request, deps);
  }
}

function voiceKey(request: IvrRequest): string {
  return keyOf({ channel: 'voice', providerMessageId: request.contactId });
}

async function loadCaller(request: IvrRequest, deps: IvrDeps): Promise<SenderContext | undefined> {
  if (!request.phone) return undefined;
  return deps.intake.repository.loadSender(keys.phonePartition(request.phone));
}

async function lookup(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const caller = await loadCaller(request, deps);
  const link = caller?.links[0];
  // The contact's own language, then the directory's, then the number's (caller-language.ts).
  const languageHint = request.languageSignals ? callerLanguage(request.languageSignals, link?.language) : (link?.language ?? request.language);
  return { result: link ? 'known' : 'unknown', route: 'continue', languageHint, language: languageHint, menuPrompt: prompt('menu', languageHint), pinPrompt: prompt('enterPin', languageHint), faultPrompt: prompt('faultInput', languageHint) };
}

function voiceContact(request: IvrRequest, text: string, now: Date): Contact {
  return {
    channel: 'voice',
    providerMessageId: request.contactId,
    sender: request.phone ? { phone: request.phone } : {},
    receiver: request.dialled,
    receivedAt: now.toISOString(),
    language: request.language,
    text,
    attachments: [],
    rawRef: `connect:${request.contactId}`,
  };
}

async function checkOutage(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const caller = await loadCaller(request, deps);
  if (!caller || caller.links.length === 0) return { result: 'unknown_caller', route: 'continue', prompt: prompt('menu', request.language) };
  const active = await deps.intake.outages.listActive();
  const covered = caller.links.some((link) => outageCovering(active, link));
  if (!covered) return { result: 'no_outage', route: 'continue', prompt: `${prompt('noOutage', request.language)}${prompt('menu', request.language)}` };

  // The call is one more report on the outage: recorded once per ContactId, however often the flow asks.
  const recorded = await recordContact(voiceContact(request, '停电（来电号码所在区域已知停电，IVR）', deps.now()), deps.intake, {
    sender: caller,
    classification: keypadClassification('no_power_area'),
  });
  const { outcome } = recorded;
  if (outcome.kind !== 'outage_joined') return { result: 'no_outage', route: 'continue', prompt: prompt('menu', request.language) };
  const offerSms = !caller.smsOptedOut;
  return {
    result: 'outage',
    route: 'continue',
    attached: String(recorded.firstDelivery),
    smsOffered: String(offerSms),
    prompt: outagePrompt(outcome.cause, outcome.etr, request.language, deps.timeZone, offerSms),
  };
}

async function smsUpdates(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const stored = await deps.intake.repository.storedContact(voiceKey(request));
  if (stored?.outcome.kind !== 'outage_joined') return { result: 'no_outage', route: 'end', prompt: prompt('smsUpdatesUnavailable', request.language) };
  const ok = await deps.calls.requestSmsUpdates(stored.outcome.outageId, voiceKey(request));
  return ok ? { result: 'subscribed', route: 'end', prompt: prompt('smsUpdates', request.language) } : { result: 'no_outage', route: 'end', prompt: prompt('smsUpdatesUnavailable', request.language) };
}

async function verifyCaller(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const language = request.language;
  const caller = await loadCaller(request, deps);
  // Bound phone plus PIN: the number alone proves nothing (it can be spoofed), the PIN alone is not enough here either.
  const accountNumber = caller?.links[0]?.accountNumber;
  if (!accountNumber) return { result: 'not_bound', route: 'agent', prompt: prompt('pinNotBound', language) };
  const now = deps.now();
  const profile = await deps.calls.customerProfile(accountNumber);
  if (!profile?.pinHash) return { result: 'not_bound', route: 'agent', prompt: prompt('pinNotBound', language) };
  const pinHash = profile.pinHash;
  // Counted on the account before the PIN is compared: one lockout for voice and chat, simultaneous calls included.
  const check = await checkPinWithLockout(deps.pinAttempts, accountNumber, () => verifyPin(request.parameters.pin ?? '', pinHash), now, deps.pinLockout);
  if (check.result === 'locked') return { result: 'locked', route: 'agent', prompt: prompt('pinLocked', language) };
  if (check.result === 'wrong') return { result: 'retry', route: 'continue', attemptsLeft: String(check.attemptsLeft), prompt: pinRetryPrompt(check.attemptsLeft, language) };
  await deps.calls.saveVerification(voiceKey(request), accountNumber, new Date(now.getTime() + CALL_STATE_TTL_MS));
  return { result: 'verified', route: 'continue' };
}

async function accountSummary(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const accountNumber = await deps.calls.verifiedAccount(voiceKey(request), deps.now());
  if (!accountNumber) return { result: 'not_verified', route: 'continue', prompt: `${prompt('notVerified', request.language)}${prompt('enterPin', request.language)}` };
  const bill = await deps.calls.latestBill(accountNumber);
  if (!bill) return { result: 'no_bill', route: 'agent', prompt: prompt('noBill', request.language) };
  return { result: 'ok', route: 'continue', prompt: billPrompt(bill, request.language) };
}

async function readBackFault(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const language = request.language;
  const invalid: IvrAnswer = { result: 'invalid', route: 'continue', prompt: `${prompt('faultInvalid', language)}${prompt('faultInput', language)}` };
  const parsed = parseFaultInput(request.parameters.keypad ?? '');
  if (parsed.kind === 'invalid') return invalid;
  let draft: FaultDraft;
  if (parsed.kind === 'own_account') {
    const accountNumber = (await loadCaller(request, deps))?.links[0]?.accountNumber;
    if (!accountNumber) return invalid;
    draft = { symptom: parsed.symptom, accountNumber, ownAccount: true };
  } else {
    if (!(await deps.calls.customerProfile(parsed.accountNumber))) return invalid;
    draft = { symptom: parsed.symptom, accountNumber: parsed.accountNumber, ownAccount: false };
  }
  const now = deps.now();
  await deps.calls.saveFaultDraft(voiceKey(request), draft, new Date(now.getTime() + CALL_STATE_TTL_MS));
  return { result: 'read_back', route: 'continue', prompt: faultReadBackPrompt(draft.symptom, draft.accountNumber, draft.ownAccount, language) };
}

async function confirmFault(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const now = deps.now();
  const draft = await deps.calls.faultDraft(voiceKey(request), now);
  if (!draft) return { result: 'no_draft', route: 'agent', prompt: prompt('faultNoDraft', request.language), ticketNumber: '', ticketType: '' };
  // The account goes into the ticket text (kept encrypted in the table), never into an attribute or a log.
  const text = `${SYMPTOM_TICKET_TEXT[draft.symptom]}（IVR键盘报修，户号${draft.accountNumber}${draft.ownAccount ? '，来电号码绑定' : ''}）`;
  const { outcome } = await recordContact(voiceContact(request, text, now), deps.intake, {
    classification: keypadClassification(draft.symptom, draft.accountNumber),
  });
  switch (outcome.kind) {
    case 'ticket_opened':
    case 'ticket_appended':
      return { result: 'saved', route: 'end', ticketNumber: outcome.ticketId, ticketType: outcome.ticketType, prompt: ticketPrompt(outcome.ticketId, outcome.ticketType, request.language) };
    case 'outage_joined':
      return { result: 'outage', route: 'end', ticketNumber: '', ticketType: 'fault_report', prompt: outagePrompt(outcome.cause, outcome.etr, request.language, deps.timeZone, false) };
    default:
      return { result: 'error', route: 'agent', ticketNumber: '', ticketType: '', prompt: prompt('toAgent', request.language) };
  }
}

async function handoff(request: IvrRequest, deps: IvrDeps): Promise<IvrAnswer> {
  const stored = await deps.intake.repository.storedContact(voiceKey(request));
  const outcome = stored?.outcome;
  const ticket =
    outcome?.kind === 'ticket_opened' || outcome?.kind === 'ticket_appended'
      ? { ticketNumber: outcome.ticketId, ticketType: outcome.ticketType }
      : outcome?.kind === 'outage_joined'
        ? { ticketNumber: '', ticketType: 'fault_report' }
        : { ticketNumber: '', ticketType: '' };
  return { result: 'handoff', route: 'agent', ...ticket, prompt: prompt('toAgent', request.language) };
}

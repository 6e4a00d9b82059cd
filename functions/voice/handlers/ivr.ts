import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoPinAttemptLedger } from '../../customers/adapters/dynamo-pin-attempts';
import { asE164 } from '../../customers/e164';
import { documentClient, sqs } from '../../shared/clients';
import { isDependencyFailure } from '../../shared/dependency-errors';
import { RejectedContactsQueue } from '../../shared/rejected-contacts';
import { readConfig } from '../../shared/config';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { phoneFingerprint } from '../../shared/fingerprint';
import { injectLambdaContext, logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { DynamoCallStateRepository } from '../adapters/dynamo-call-state-repository';
import { keypadClassification } from '../fault-report';
import { callerLanguage, type LanguageSignals } from '../caller-language';
import { withinDeadline } from '../deadline';
import { VoiceDeadlineExceededError } from '../errors';
import { runIvrStep, safeHandoff, type IvrDeps, type IvrRequest } from '../ivr';
import type { Language } from '../prompts';
import { ConnectContactFlowEventSchema, VOICE_ACTIONS, type ConnectContactFlowEvent, type VoiceAction } from '../schemas';
import { now } from '../../shared/time';

/** Connect gives up after 8 s; the step gets 3 s, leaving room for a cold start and the network. */
export const IVR_DEADLINE_MS = Number(process.env.IVR_DEADLINE_MS ?? 3_000);
const NO_QUEUE = 'unset';
/** The steps that record the caller's contact (a report on an outage, a fault ticket). */
const RECORDING_ACTIONS: readonly VoiceAction[] = ['outage_check', 'confirm_fault'];
/** Keeping the event must not hold the caller: Connect waits 8 s in all. */
const KEEP_DEADLINE_MS = 1_000;
/** Connect's limit on a Lambda response. */
const MAX_RESPONSE_BYTES = 32 * 1024;

// The queue keeps a call's report that a dependency refused; without it (an older stack) the agent the caller reaches takes it.
const config = readConfig({ REJECTED_CONTACTS_QUEUE_URL: NO_QUEUE, ...process.env });
const rejected = config.rejectedContactsQueueUrl === NO_QUEUE ? undefined : new RejectedContactsQueue(sqs, config.rejectedContactsQueueUrl);
const deps: IvrDeps = {
  // The IVR records keypad fault reports only, each with its keypad classification; no model in this bundle.
  intake: intakeDeps(config, () => keypadClassification('no_power_area')),
  calls: new DynamoCallStateRepository(documentClient, config.tableName),
  pinAttempts: new DynamoPinAttemptLedger(documentClient, config.tableName),
  pinLockout: config.pinLockout,
  now,
  timeZone: config.timeZone,
};

/**
 * `voice-ivr`: every Lambda block of the contact flow, told what to do by the
 * `action` parameter. It never throws to Connect: bad input, a DynamoDB
 * failure or a step slower than the deadline all answer the safe set that
 * routes the caller to an agent.
 */
export const handler = middy(async (event: unknown, context: Context): Promise<Record<string, string>> => {
  const parsed = ConnectContactFlowEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.warn('IVR event not understood; routing to an agent', { problem: z.prettifyError(parsed.error) });
    return safeHandoff('zh-CN');
  }
  const request = ivrRequest(parsed.data);
  if (!request) {
    logger.warn('IVR action not understood; routing to an agent', { contactId: parsed.data.Details.ContactData.ContactId });
    return safeHandoff(languageOf(parsed.data));
  }
  const log = { contactId: request.contactId, action: request.action, caller: request.phone ? phoneFingerprint(request.phone) : 'withheld' };
  try {
    const remaining = context?.getRemainingTimeInMillis?.() ?? IVR_DEADLINE_MS + 1_000;
    const answer = await withinDeadline(runIvrStep(request, deps), Math.min(IVR_DEADLINE_MS, Math.max(100, remaining - 500)));
    logger.info('IVR step', { ...log, result: answer.result, route: answer.route });
    return fitForConnect(answer, request.language);
  } catch (error) {
    // The error name only: SDK messages can quote key values (account numbers, phone partitions).
    logger.error('IVR step failed; routing to an agent', { ...log, error: (error as Error).name });
    if (RECORDING_ACTIONS.includes(request.action) && (isDependencyFailure(error) || error instanceof VoiceDeadlineExceededError)) await keepForReplay(event, request.contactId, error as Error);
    return safeHandoff(request.language);
  }
})
  .use(injectLambdaContext(logger))
  .use(logTagKey());

/**
 * A step that records the caller's contact failed on DynamoDB (or ran out of
 * time, perhaps after its write): the event goes to the rejected-contacts
 * queue so `npm run replay` records it, once (the contact key is the
 * ContactId). The caller meanwhile reaches an agent.
 */
async function keepForReplay(event: unknown, contactId: string, error: Error): Promise<void> {
  if (!rejected) return;
  try {
    await withinDeadline(rejected.keep({ source: 'voice-ivr', reason: `dependency_failed: ${error.name}`, replay: 'invoke', contactKey: `voice#${contactId}`, raw: event }, now()), KEEP_DEADLINE_MS);
  } catch (keepError) {
    logger.error('IVR contact not kept for replay; the agent records it', { contactId, error: (keepError as Error).name });
  }
}

/** What the event says about the caller's language (the order is decided in caller-language.ts). */
function languageSignals(event: ConnectContactFlowEvent): LanguageSignals {
  const { Parameters, ContactData } = event.Details;
  const address = ContactData.CustomerEndpoint?.Address?.trim();
  return {
    chosen: Parameters.language ?? ContactData.Attributes?.language,
    contactAttribute: ContactData.Attributes?.Language,
    phone: address ? asE164(address) : undefined,
    connectLanguageCode: ContactData.LanguageCode,
  };
}

function languageOf(event: ConnectContactFlowEvent): Language {
  return callerLanguage(languageSignals(event));
}

function ivrRequest(event: ConnectContactFlowEvent): IvrRequest | undefined {
  const { ContactData, Parameters } = event.Details;
  const action = Parameters.action;
  if (!VOICE_ACTIONS.includes(action as VoiceAction)) return undefined;
  const address = ContactData.CustomerEndpoint?.Address?.trim();
  return {
    action: action as VoiceAction,
    contactId: ContactData.ContactId,
    phone: address ? asE164(address) : undefined,
    dialled: ContactData.SystemEndpoint?.Address ?? '',
    language: languageOf(event),
    languageSignals: languageSignals(event),
    parameters: Parameters,
  };
}

/** A flat map of strings under 32 KB, as Connect's STRING_MAP validation requires. */
function fitForConnect(answer: Record<string, string>, language: Language): Record<string, string> {
  const flat = Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, String(v)]));
  return Buffer.byteLength(JSON.stringify(flat)) < MAX_RESPONSE_BYTES ? flat : safeHandoff(language);
}

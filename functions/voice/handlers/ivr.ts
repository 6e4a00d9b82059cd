import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoPinAttemptLedger } from '../../customers/adapters/dynamo-pin-attempts';
import { asE164 } from '../../customers/e164';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { intakeDeps } from '../../intake/adapters/intake-deps';
import { phoneFingerprint } from '../../shared/fingerprint';
import { logger } from '../../shared/logger';
import { logTagKey } from '../../shared/log-tag-key';
import { DynamoCallStateRepository } from '../adapters/dynamo-call-state-repository';
import { keypadClassification } from '../fault-report';
import { callerLanguage, type LanguageSignals } from '../caller-language';
import { withinDeadline } from '../deadline';
import { runIvrStep, safeHandoff, type IvrDeps, type IvrRequest } from '../ivr';
import type { Language } from '../prompts';
import { ConnectContactFlowEventSchema, VOICE_ACTIONS, type ConnectContactFlowEvent, type VoiceAction } from '../schemas';
import { now } from '../../shared/time';

/** Connect gives up after 8 s; the step gets 3 s, leaving room for a cold start and the network. */
export const IVR_DEADLINE_MS = Number(process.env.IVR_DEADLINE_MS ?? 3_000);
/** Connect's limit on a Lambda response. */
const MAX_RESPONSE_BYTES = 32 * 1024;

// Voice keeps nothing in the rejected-contacts queue (it answers Connect instead), so the URL is optional here.
const config = readConfig({ REJECTED_CONTACTS_QUEUE_URL: 'unused-by-voice', ...process.env });
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
    return safeHandoff(request.language);
  }
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logTagKey());

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

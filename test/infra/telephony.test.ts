import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';
import { stageConfig } from '../../lib/config';
import { CALLBACK_TASK_FLOW_FILE, ConnectStack, connectRegion, IVR_FLOW_FILE, OUTBOUND_NOTICE_FLOW_FILE } from '../../lib/telephony-stack';
import { VOICE_ACTIONS } from '../../functions/voice/schemas';

const CDK_JSON_CONTEXT = CDK_TEST_CONTEXT;

interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: { NextAction?: string; Conditions?: { NextAction: string; Condition?: { Operator: string; Operands: string[] } }[]; Errors?: { NextAction: string; ErrorType: string }[] };
}
interface Flow {
  Version: string;
  StartAction: string;
  Actions: FlowAction[];
}

/** Answer fields the voice-ivr handler puts in every (or the relevant) answer, each in both languages (test/unit/voice-ivr-domain.test.ts). */
const SPOKEN_FROM_LAMBDA = ['$.External.prompt', '$.External.menuPrompt', '$.External.pinPrompt', '$.External.faultPrompt'];
/** Contact attributes end up in contact records: only these, none personal. */
const PERSISTED_ATTRIBUTES = ['language', 'ticketNumber', 'ticketType'];
const TERMINAL_TYPES = ['DisconnectParticipant', 'TransferContactToQueue'];
/** Actions that write attributes: the outbound flow has none (its attributes come from the dispatcher and stay as they are). */
const ATTRIBUTE_WRITES = ['UpdateContactAttributes', 'UpdateFlowAttributes'];
const SPOKEN_TYPES = ['MessageParticipant', 'GetParticipantInput'];
const HAN = /\p{Script=Han}/u;

const flowTemplate = readFileSync(IVR_FLOW_FILE, 'utf8');
const flow = JSON.parse(flowTemplate) as Flow;
const outboundTemplate = readFileSync(OUTBOUND_NOTICE_FLOW_FILE, 'utf8');
const outboundFlow = JSON.parse(outboundTemplate) as Flow;
const callbackTemplate = readFileSync(CALLBACK_TASK_FLOW_FILE, 'utf8');
const callbackFlow = JSON.parse(callbackTemplate) as Flow;

const targets = (a: FlowAction) => [a.Transitions.NextAction, ...(a.Transitions.Conditions ?? []).map((c) => c.NextAction), ...(a.Transitions.Errors ?? []).map((e) => e.NextAction)].filter((t): t is string => t !== undefined);
const actionsById = (f: Flow) => new Map(f.Actions.map((a) => [a.Identifier, a]));

/** Identifiers reachable from `start` (itself included). */
function reachableFrom(f: Flow, start: string): Set<string> {
  const byId = actionsById(f);
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...targets(byId.get(id)!));
  }
  return seen;
}

/** Actions from which no terminal action (of `terminalTypes`) can be reached. */
function neverEnding(f: Flow, terminalTypes: string[]): string[] {
  const ends = new Set(f.Actions.filter((a) => terminalTypes.includes(a.Type)).map((a) => a.Identifier));
  let grew = true;
  while (grew) {
    grew = false;
    for (const action of f.Actions) {
      if (!ends.has(action.Identifier) && targets(action).some((t) => ends.has(t))) {
        ends.add(action.Identifier);
        grew = true;
      }
    }
  }
  return f.Actions.filter((a) => !ends.has(a.Identifier)).map((a) => a.Identifier);
}

/** The structural checks every flow in connect/flows passes: flow language, no dangling or unreachable action, every branch ends, every error handled. */
function itIsAWellFormedFlow(f: Flow, terminalTypes: string[]): void {
  const byId = actionsById(f);

  it('is flow language: a version, a start action that exists, unique identifiers', () => {
    expect(f.Version).toBe('2019-10-30');
    expect(byId.has(f.StartAction)).toBe(true);
    expect(byId.size).toBe(f.Actions.length);
  });

  it('only leads to actions that exist, and every action is reachable', () => {
    for (const action of f.Actions) for (const target of targets(action)) expect(byId.has(target), `${action.Identifier} -> ${target}`).toBe(true);
    const seen = reachableFrom(f, f.StartAction);
    expect([...byId.keys()].filter((id) => !seen.has(id))).toEqual([]);
  });

  it(`ends every branch: from every action a ${terminalTypes.join(' or ')} is reachable, and only a hang-up has no way on`, () => {
    expect(neverEnding(f, terminalTypes)).toEqual([]);
    for (const action of f.Actions) if (action.Type !== 'DisconnectParticipant') expect(targets(action).length, action.Identifier).toBeGreaterThan(0);
  });

  it('handles the error of every Lambda call, menu, prompt, transfer and comparison', () => {
    for (const action of f.Actions.filter((a) => ['InvokeLambdaFunction', 'GetParticipantInput', 'TransferContactToQueue', 'MessageParticipant'].includes(a.Type))) {
      expect(action.Transitions.Errors?.some((e) => e.ErrorType === 'NoMatchingError'), action.Identifier).toBe(true);
    }
    for (const action of f.Actions.filter((a) => a.Type === 'Compare')) {
      expect(action.Transitions.Errors?.some((e) => e.ErrorType === 'NoMatchingCondition'), action.Identifier).toBe(true);
    }
  });
}

let outdir: string;
let app: App;
let hotline: ReturnType<typeof buildHotline>;
let telephony: Template;
let connectTemplate: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-telephony-'));
  app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, stage: 'dev', '@aws-cdk/core:failSynthOnValidationErrors': false } });
  hotline = buildHotline(app);
  app.synth();
  telephony = Template.fromStack(hotline.telephony);
  connectTemplate = Template.fromStack(hotline.connect);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the IVR contact flow (connect/flows/ivr.json)', () => {
  itIsAWellFormedFlow(flow, TERMINAL_TYPES);

  it('calls only the voice-ivr function, with an action it knows, within Connect limits', () => {
    const invokes = flow.Actions.filter((a) => a.Type === 'InvokeLambdaFunction');
    expect(invokes.length).toBeGreaterThan(0);
    for (const invoke of invokes) {
      expect(invoke.Parameters.LambdaFunctionARN).toBe('${VoiceIvrFunctionArn}');
      expect(Number(invoke.Parameters.InvocationTimeLimitSeconds)).toBeLessThanOrEqual(8);
      expect(invoke.Parameters.ResponseValidation).toEqual({ ResponseType: 'STRING_MAP' });
      expect(VOICE_ACTIONS).toContain((invoke.Parameters.LambdaInvocationAttributes as Record<string, string>).action);
    }
  });

  it('has every prompt in both languages: fixed ones bilingual, the rest spoken from the function', () => {
    const spoken = flow.Actions.filter((a) => ['MessageParticipant', 'GetParticipantInput'].includes(a.Type)).map((a) => String(a.Parameters.Text));
    for (const text of spoken) {
      if (text.startsWith('$.')) expect(SPOKEN_FROM_LAMBDA).toContain(text);
      else {
        expect(text, text).toMatch(/\p{Script=Han}/u);
        expect(text, text).toMatch(/[A-Za-z]{3}/);
      }
    }
  });

  it('stores only the language, ticket number and ticket type as contact attributes (they persist in contact records)', () => {
    const stored = flow.Actions.filter((a) => a.Type === 'UpdateContactAttributes').flatMap((a) => Object.keys(a.Parameters.Attributes as object));
    expect([...new Set(stored)].sort()).toEqual([...PERSISTED_ATTRIBUTES].sort());
    for (const action of flow.Actions.filter((a) => a.Type === 'UpdateContactAttributes')) {
      for (const value of Object.values(action.Parameters.Attributes as Record<string, string>)) {
        expect(['zh-CN', 'en', '$.External.ticketNumber', '$.External.ticketType']).toContain(value);
      }
    }
  });
});

describe('the callback task flow (connect/flows/callback-task.json)', () => {
  itIsAWellFormedFlow(callbackFlow, ['DisconnectParticipant', 'TransferContactToQueue']);
  const byId = actionsById(callbackFlow);

  it('queues a whistleblowing report\'s callback (queue=discipline-office) for the office, every other for the agents, and writes nothing', () => {
    const start = byId.get(callbackFlow.StartAction)!;
    expect(start.Type).toBe('Compare');
    expect(start.Parameters.ComparisonValue).toBe('$.Attributes.queue');
    const queueOf = (action: string) => byId.get(action)!.Parameters.QueueId;
    const office = start.Transitions.Conditions!.find((c) => c.Condition!.Operands[0] === 'discipline-office')!;
    expect(queueOf(office.NextAction)).toBe('${OfficeQueueArn}');
    expect(queueOf(start.Transitions.Errors!.find((e) => e.ErrorType === 'NoMatchingCondition')!.NextAction)).toBe('${AgentQueueArn}');
    for (const write of ATTRIBUTE_WRITES) expect(callbackFlow.Actions.some((a) => a.Type === write)).toBe(false);
  });

  it('is deployed with the stage\'s agent and office queues, and its id is the last part of its ARN', () => {
    const flow = Object.values(connectTemplate.findResources('AWS::Connect::ContactFlow')).find((f) => f.Properties.Name === 'hotline-dev-callback-task')!;
    const sub = flow.Properties.Content['Fn::Sub'] as [string, Record<string, string>];
    expect(sub[0]).toBe(callbackTemplate);
    expect(sub[1]).toEqual({ AgentQueueArn: stageConfig('dev', { allowPlaceholders: true }).connectAgentQueueArn, OfficeQueueArn: stageConfig('dev', { allowPlaceholders: true }).callbacks.officeQueueArn });
    const logicalId = hotline.connect.getLogicalId(hotline.connect.callbackTaskFlow);
    expect(hotline.connect.resolve(hotline.connect.callbackTaskFlowId)).toEqual({ 'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId, 'ContactFlowArn'] }] }] });
  });
});

describe('the outbound notice flow (connect/flows/outbound-notice.json)', () => {
  itIsAWellFormedFlow(outboundFlow, ['DisconnectParticipant']);
  const byId = actionsById(outboundFlow);
  const voiceOf = (voiceAction: string) => byId.get(voiceAction)!.Parameters.TextToSpeechVoice;
  const ivrVoices = new Set(flow.Actions.filter((a) => a.Type === 'UpdateContactTextToSpeechVoice').map((a) => a.Parameters.TextToSpeechVoice));

  it('only speaks, listens for one key and hangs up: no Lambda, no queue, no attribute writes (nothing personal is stored)', () => {
    const types = new Set(outboundFlow.Actions.map((a) => a.Type));
    expect([...types].sort()).toEqual(['Compare', 'DisconnectParticipant', 'GetParticipantInput', 'MessageParticipant', 'UpdateContactTextToSpeechVoice']);
    for (const write of ATTRIBUTE_WRITES) expect(types.has(write)).toBe(false);
    for (const action of outboundFlow.Actions.filter((a) => a.Type === 'GetParticipantInput')) {
      expect(action.Parameters.StoreInput, action.Identifier).toBe('False');
      const handled = (action.Transitions.Errors ?? []).map((e) => e.ErrorType);
      expect(handled, action.Identifier).toEqual(expect.arrayContaining(['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError']));
    }
  });

  it('picks the voice by the language attribute, as the IVR does: en Joanna, zh-CN (and anything else) Zhiyu', () => {
    const start = byId.get(outboundFlow.StartAction)!;
    expect(start.Type).toBe('Compare');
    expect(start.Parameters.ComparisonValue).toBe('$.Attributes.language');
    const routes = Object.fromEntries((start.Transitions.Conditions ?? []).map((c) => [c.Condition!.Operands[0], voiceOf(c.NextAction)]));
    expect(routes).toEqual({ en: 'Joanna', 'zh-CN': 'Zhiyu' });
    const fallback = start.Transitions.Errors!.find((e) => e.ErrorType === 'NoMatchingCondition')!;
    expect(voiceOf(fallback.NextAction)).toBe('Zhiyu');
    for (const voice of ['Joanna', 'Zhiyu']) expect(ivrVoices.has(voice)).toBe(true);
  });

  it.each([
    ['Zhiyu', 'Chinese'],
    ['Joanna', 'English'],
  ])('after the %s voice: plays the script, offers a replay once with a short timeout, and closes in %s', (voice) => {
    const voiceAction = outboundFlow.Actions.find((a) => a.Type === 'UpdateContactTextToSpeechVoice' && a.Parameters.TextToSpeechVoice === voice)!;
    const path = [...reachableFrom(outboundFlow, voiceAction.Identifier)].map((id) => byId.get(id)!);
    const spoken = path.filter((a) => SPOKEN_TYPES.includes(a.Type)).map((a) => String(a.Parameters.Text));
    for (const text of spoken.filter((t) => t.startsWith('$.'))) expect(text).toBe('$.Attributes.script');
    for (const text of spoken.filter((t) => !t.startsWith('$.'))) {
      if (voice === 'Zhiyu') expect(text, text).toMatch(HAN);
      else {
        expect(text, text).not.toMatch(HAN);
        expect(text, text).toMatch(/[A-Za-z]{3}/);
      }
    }
    // The voice change leads straight to the script.
    const first = byId.get(voiceAction.Transitions.NextAction!)!;
    expect([first.Type, first.Parameters.Text]).toEqual(['MessageParticipant', '$.Attributes.script']);
    const offers = path.filter((a) => a.Type === 'GetParticipantInput');
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    expect(String(offer.Parameters.Text)).toContain('1');
    expect(Number(offer.Parameters.InputTimeLimitSeconds)).toBeLessThanOrEqual(8);
    const [press1] = offer.Transitions.Conditions!;
    expect(press1!.Condition).toEqual({ Operator: 'Equals', Operands: ['1'] });
    const replay = byId.get(press1!.NextAction)!;
    expect([replay.Type, replay.Parameters.Text]).toEqual(['MessageParticipant', '$.Attributes.script']);
    // Once: the replay never leads back to the offer.
    expect(reachableFrom(outboundFlow, replay.Identifier).has(offer.Identifier)).toBe(false);
    // A timeout or another key goes to the closing, which hangs up.
    for (const error of offer.Transitions.Errors!) {
      const closing = byId.get(error.NextAction)!;
      expect(closing.Type).toBe('MessageParticipant');
      expect(String(closing.Parameters.Text)).not.toMatch(/^\$\./);
      expect(byId.get(closing.Transitions.NextAction!)!.Type).toBe('DisconnectParticipant');
    }
  });
});

describe('Hotline-dev-Telephony and Hotline-dev-Connect', () => {
  it('deploys the flow in the instance region, with the voice-ivr ARN of the telephony stack and the agent queue filled in', () => {
    const flows = connectTemplate.findResources('AWS::Connect::ContactFlow', { Properties: { Name: 'hotline-dev-ivr' } });
    expect(Object.keys(flows)).toHaveLength(1);
    const resource = Object.values(flows)[0]!;
    expect(resource.Properties.Type).toBe('CONTACT_FLOW');
    expect(resource.Properties.InstanceArn).toMatch(/instance\/00000000/);
    const sub = resource.Properties.Content['Fn::Sub'] as [string, Record<string, unknown>];
    expect(sub[0]).toBe(flowTemplate);
    expect(Object.keys(sub[1]).sort()).toEqual(['AgentQueueArn', 'VoiceIvrFunctionArn']);
    expect(JSON.stringify(sub[1].AgentQueueArn)).toContain('/queue/22222222');
    // Every function the flow calls exists: voice-ivr in the telephony stack, under the name the ARN ends with.
    const arn = JSON.stringify(sub[1].VoiceIvrFunctionArn);
    const names = Object.values(telephony.findResources('AWS::Lambda::Function')).map((f) => f.Properties.FunctionName);
    expect(names).toContain('hotline-dev-voice-ivr');
    expect(arn).toContain(':function:hotline-dev-voice-ivr');
    expect(arn).toContain(':lambda:ap-southeast-1:');
  });

  it('deploys four contact flows, the IVR, the outbound notice flow, the chat hand-over and the callback task flow, all of type CONTACT_FLOW (what StartOutboundVoiceContact, StartChatContact and StartTaskContact take)', () => {
    const flows = Object.values(connectTemplate.findResources('AWS::Connect::ContactFlow'));
    expect(flows.map((f) => [f.Properties.Name, f.Properties.Type]).sort()).toEqual([
      ['hotline-dev-callback-task', 'CONTACT_FLOW'],
      ['hotline-dev-chat-handover', 'CONTACT_FLOW'],
      ['hotline-dev-ivr', 'CONTACT_FLOW'],
      ['hotline-dev-outbound-notice', 'CONTACT_FLOW'],
    ]);
    const outbound = flows.find((f) => f.Properties.Name === 'hotline-dev-outbound-notice')!;
    expect(outbound.Properties.InstanceArn).toMatch(/instance\/00000000/);
    expect(outbound.Properties.Content).toBe(outboundTemplate);
  });

  it('exposes the outbound notice flow id: the last part of its ARN', () => {
    const hotlineConnect = hotline.connect;
    const logicalId = hotlineConnect.getLogicalId(hotlineConnect.outboundNoticeFlow);
    expect(hotlineConnect.resolve(hotlineConnect.outboundNoticeFlowId)).toEqual({
      'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId, 'ContactFlowArn'] }] }],
    });
  });

  it('lets only the configured instance invoke voice-ivr', () => {
    telephony.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'connect.amazonaws.com',
      SourceArn: Match.stringLikeRegexp('instance/00000000'),
      SourceAccount: '111122223333',
    });
  });

  it('lets voice-ivr keep a report DynamoDB refused in the rejected-contacts queue (and only send there)', () => {
    telephony.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'hotline-dev-voice-ivr',
      Environment: { Variables: Match.objectLike({ REJECTED_CONTACTS_QUEUE_URL: Match.anyValue() }) },
    });
    telephony.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'KeepReportsForReplay', Action: 'sqs:SendMessage', Resource: Match.anyValue() })]) },
    });
    const grant = Object.values(telephony.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Resource: unknown }[])
      .find((st) => st.Sid === 'KeepReportsForReplay');
    expect(JSON.stringify(grant?.Resource)).toContain('RejectedContacts');
  });

  it('associates voice-ivr with the instance: both are in the stage region', () => {
    connectTemplate.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      IntegrationType: 'LAMBDA_FUNCTION',
      InstanceId: Match.stringLikeRegexp('instance/00000000'),
      IntegrationArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp(':function:hotline-dev-voice-ivr')])]) }),
    });
  });

  it('calls voice-ivr by ARN without an association when the instance is in another region (Connect associates same-region functions only)', () => {
    // A stage whose table is in Hong Kong, where Amazon Connect is not offered.
    const config = { ...stageConfig('dev', { allowPlaceholders: true }), region: 'ap-east-1' };
    const region = connectRegion(config.connectInstanceArn);
    const crossRegion = Template.fromStack(new ConnectStack(new App({ context: { ...CDK_JSON_CONTEXT } }), 'CrossRegion', { env: { region }, config }));
    crossRegion.resourceCountIs('AWS::Connect::IntegrationAssociation', 0);
    const flowResource = Object.values(crossRegion.findResources('AWS::Connect::ContactFlow', { Properties: { Name: 'hotline-dev-ivr' } }))[0]!;
    expect(JSON.stringify(flowResource.Properties.Content)).toContain(':lambda:ap-east-1:');
  });

  it('lets kpi-ingest read the log tag key from the stage region when the instance is in another one', () => {
    const config = { ...stageConfig('dev', { allowPlaceholders: true }), region: 'ap-east-1' };
    const region = connectRegion(config.connectInstanceArn);
    const crossRegion = Template.fromStack(new ConnectStack(new App({ context: { ...CDK_JSON_CONTEXT } }), 'CrossRegionKey', { env: { region }, config }));
    crossRegion.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'kpi-ingest', LOG_TAG_KEY_SECRET: 'hotline-dev/log-tag-key', LOG_TAG_KEY_REGION: 'ap-east-1' }) },
    });
    expect(JSON.stringify(crossRegion.findResources('AWS::IAM::Policy'))).toContain(':secretsmanager:ap-east-1:');
  });

  it('gives voice-ivr a timeout inside Connect 8 s', () => {
    const fns = Object.values(telephony.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.FunctionName === 'hotline-dev-voice-ivr');
    expect(fns).toHaveLength(1);
    expect(fns[0]!.Properties.Timeout).toBeLessThan(8);
  });

  it('streams contact records to kpi-ingest and watches the DOMAIN.md targets', () => {
    connectTemplate.hasResourceProperties('AWS::Connect::InstanceStorageConfig', { ResourceType: 'CONTACT_TRACE_RECORDS', StorageType: 'KINESIS_STREAM' });
    connectTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    connectTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const thresholds = Object.values(connectTemplate.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.Threshold);
    expect(thresholds).toEqual(expect.arrayContaining([1, 150, 60, 0.03]));
  });

  it('passes cdk-nag AwsSolutions and CloudFormation validation with nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)).filter((f) => /Telephony|Connect/.test(f));
    expect(findings).toEqual([]);
    const validation = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
    };
    const ours = validation.pluginReports.flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${p.pluginName} ${v.ruleName} ${c.constructPath}`))).filter((f) => /Telephony|Connect/.test(f));
    expect(ours).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';
import { placeholderProblems, StageConfigError, stageConfig, STAGES } from '../../lib/config';

let outdir: string;
let hotline: ReturnType<typeof buildHotline>;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-cdk-placeholders-'));
  const app = new App({ outdir, context: { ...CDK_TEST_CONTEXT, stage: 'dev', '@aws-cdk/core:failSynthOnValidationErrors': false } });
  hotline = buildHotline(app);
  app.synth();
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('placeholder ids never deploy', () => {
  it('refuses a stage whose config holds placeholder ids, naming each field, unless allowPlaceholders is given', () => {
    expect(() => stageConfig('prod')).toThrow(StageConfigError);
    expect(() => stageConfig('prod')).toThrow(/connectInstanceArn: .*11111111-1111-1111-1111-111111111111/);
    expect(() => stageConfig('dev')).toThrow(/account 111122223333/);
    // The ops console's sign-in callback too: Cognito would send staff's codes to an example host.
    expect(() => stageConfig('prod')).toThrow(/backOffice\.consoleCallbackUrls\.0: https:\/\/ops\.hotline\.example\.com\/callback/);
    expect(stageConfig('dev', { allowPlaceholders: true })).toBe(STAGES.dev);
    const real = {
      ...STAGES.prod,
      account: '704285119273',
      connectInstanceArn: 'arn:aws:connect:ap-southeast-1:704285119273:instance/5a3e9c1f-7b2d-4e8a-9f60-1c2d3e4f5a6b',
      connectAgentQueueArn: 'arn:aws:connect:ap-southeast-1:704285119273:instance/5a3e9c1f-7b2d-4e8a-9f60-1c2d3e4f5a6b/queue/0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b',
      callbacks: { ...STAGES.prod.callbacks, officeQueueArn: 'arn:aws:connect:ap-southeast-1:704285119273:instance/5a3e9c1f-7b2d-4e8a-9f60-1c2d3e4f5a6b/queue/7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
      sesDomain: 'hotline.sgcc-zj.cn',
      alarmEmail: 'oncall@sgcc-zj.cn',
      backOffice: { ...STAGES.prod.backOffice, consoleCallbackUrls: ['https://ops.sgcc-zj.cn/callback'], consoleLogoutUrls: ['https://ops.sgcc-zj.cn/'] },
    };
    expect(placeholderProblems(real)).toEqual([]);
  });

  it('fails synthesis of the app without the explicit -c allowPlaceholders=true', () => {
    const { allowPlaceholders: _allowed, ...context } = CDK_TEST_CONTEXT;
    expect(() => buildHotline(new App({ outdir: mkdtempSync(join(tmpdir(), 'hotline-cdk-refused-')), context: { ...context, stage: 'dev' } }))).toThrow(/placeholder/);
  });

  it('deploys a chat hand-over flow to the agent queue and starts web chats in it, not in an example id', () => {
    const connect = Template.fromStack(hotline.connect);
    const flows = Object.values(connect.findResources('AWS::Connect::ContactFlow')).filter((f) => f.Properties.Name === 'hotline-dev-chat-handover');
    expect(flows).toHaveLength(1);
    const content = JSON.stringify(flows[0]!.Properties.Content);
    expect(content).toContain('TransferContactToQueue');
    expect(content).toContain(STAGES.dev.connectAgentQueueArn);

    const web = Template.fromStack(hotline.webChannels);
    const chatApi = Object.values(web.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Environment?.Variables?.CONNECT_CONTACT_FLOW_ID !== undefined)!;
    const flowId = JSON.stringify(chatApi.Properties.Environment.Variables.CONNECT_CONTACT_FLOW_ID);
    expect(flowId).not.toMatch(/4444/);
    expect(flowId).toMatch(/Fn::ImportValue|Fn::Select|Fn::GetStackOutput/);
    const policies = JSON.stringify(web.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('44444444-4444-4444-4444-444444444444');
  });
});

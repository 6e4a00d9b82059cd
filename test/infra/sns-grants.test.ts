import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_TEST_CONTEXT } from '../support/cdk';
import { buildHotline } from '../../bin/app';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

let outdir: string;
let templates: { name: string; template: Template }[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'hotline-sns-grants-'));
  const app = new App({ outdir, context: { ...CDK_TEST_CONTEXT, stage: 'dev', '@aws-cdk/core:failSynthOnValidationErrors': false } });
  buildHotline(app);
  templates = app.node.children.filter((c): c is Stack => c instanceof Stack).map((stack) => ({ name: stack.stackName, template: Template.fromStack(stack) }));
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Every IAM policy statement of every role, by role (logical id), across the app's stacks. */
function statementsByRole(): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  for (const { name, template } of templates) {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const role of policy.Properties.Roles as { Ref: string }[]) {
        const key = `${name}/${role.Ref}`;
        byRole.set(key, [...(byRole.get(key) ?? []), ...(policy.Properties.PolicyDocument.Statement as Statement[])]);
      }
    }
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
      for (const inline of (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]) {
        const key = `${name}/${id}`;
        byRole.set(key, [...(byRole.get(key) ?? []), ...inline.PolicyDocument.Statement]);
      }
    }
  }
  return byRole;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resources = (r: unknown) => (Array.isArray(r) ? r : [r]);

describe('SNS grants', () => {
  it('lets a role that may publish SMS to any phone number publish to no topic it does not name', () => {
    const smsRoles = [...statementsByRole()].filter(([, statements]) =>
      statements.some((s) => s.Effect === 'Allow' && actions(s).includes('sns:Publish') && resources(s.Resource).includes('*')),
    );
    expect(smsRoles.map(([role]) => role.split('/')[0]).sort()).toEqual(['Hotline-dev-Channels', 'Hotline-dev-Outbound']);
    for (const [role, statements] of smsRoles) {
      const denies = statements.filter((s) => s.Effect === 'Deny' && actions(s).includes('sns:Publish'));
      expect(denies, role).not.toHaveLength(0);
      // The deny covers topics only (a phone number is not an SNS ARN), so SMS still goes out.
      for (const deny of denies) expect(JSON.stringify(deny.Resource ?? deny.NotResource), role).toMatch(/:sns:/);
    }
  });

  it('fences sms-inbound, which names no topic, off every topic', () => {
    const [, statements] = [...statementsByRole()].find(([role, s]) => role.startsWith('Hotline-dev-Channels/') && s.some((x) => x.Effect === 'Allow' && actions(x).includes('sns:Publish') && resources(x.Resource).includes('*')))!;
    const deny = statements.find((s) => s.Effect === 'Deny' && actions(s).includes('sns:Publish'))!;
    expect(JSON.stringify(deny.Resource)).toContain(':sns:*:*:*');
    expect(deny.Condition).toBeUndefined();
  });

  it('fences the dispatcher off the hotline topics it does not name (inbound SMS, alarms) and other accounts, not off its own', () => {
    const [, statements] = [...statementsByRole()].find(([role, s]) => role.startsWith('Hotline-dev-Outbound/') && s.some((x) => x.Effect === 'Allow' && actions(x).includes('sns:Publish') && resources(x.Resource).includes('*')))!;
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => resources(s.Resource).map((r) => JSON.stringify(r)));
    for (const part of ['Stateful', 'Channels', 'Telephony', 'Connect', 'WebChannels']) expect(denied.join(' ')).toContain(`:Hotline-dev-${part}-*`);
    expect(denied.join(' ')).not.toContain('Outbound');
    const named = statements.find((s) => s.Effect === 'Allow' && actions(s).includes('sns:Publish') && !resources(s.Resource).includes('*'))!;
    expect(JSON.stringify(named.Resource)).toContain('UnreachableCustomers');
  });

  it('keeps sns:SetSMSAttributes to the one deploy-time role that turns on delivery logging', () => {
    const roles = [...statementsByRole()].filter(([, statements]) => statements.some((s) => actions(s).includes('sns:SetSMSAttributes')));
    expect(roles).toHaveLength(1);
    expect(roles[0]![0]).toMatch(/^Hotline-dev-Outbound\/DeliveryReceiptsSmsDeliverySettingRole/);
    expect(roles[0]![1].filter((s) => s.Effect === 'Allow').flatMap(actions).sort()).toEqual(['iam:PassRole', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:SetSMSAttributes']);
  });

  it('names the topic in every other sns:Publish grant', () => {
    for (const [role, statements] of statementsByRole()) {
      for (const s of statements.filter((x) => x.Effect === 'Allow' && actions(x).some((a) => a.startsWith('sns:')))) {
        if (resources(s.Resource).includes('*')) {
          expect(actions(s), role).toEqual(expect.arrayContaining([expect.stringMatching(/^sns:(Publish|SetSMSAttributes)$/)]));
          expect(actions(s), role).toHaveLength(1);
        }
      }
    }
  });
});

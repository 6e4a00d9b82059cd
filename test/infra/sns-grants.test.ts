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
  const smsRoles = () =>
    [...statementsByRole()].filter(([, statements]) => statements.some((s) => s.Effect === 'Allow' && actions(s).includes('sns:Publish') && resources(s.Resource).includes('*')));

  it('lets a role that may publish SMS to any phone number publish to no topic at all (issue 12, item 8)', () => {
    expect(smsRoles().map(([role]) => role.split('/')[0]).sort()).toEqual(['Hotline-dev-Channels', 'Hotline-dev-Outbound']);
    for (const [role, statements] of smsRoles()) {
      // Every topic ARN of every account, unconditioned: a phone number is not an SNS ARN, so SMS still goes out.
      const deny = statements.find((s) => s.Effect === 'Deny' && actions(s).includes('sns:Publish'));
      expect(deny, role).toBeDefined();
      expect(resources(deny!.Resource), role).toEqual(['arn:aws:sns:*:*:*']);
      expect(deny!.Condition, role).toBeUndefined();
      // And no topic granted next to it.
      const topicGrants = statements.filter((s) => s.Effect === 'Allow' && actions(s).some((a) => a.startsWith('sns:')) && !resources(s.Resource).includes('*'));
      expect(topicGrants, role).toEqual([]);
    }
  });

  it('leaves the unreachable event to notice-relay, the one role that may publish to the unreachable topic', () => {
    const publishers = [...statementsByRole()].filter(([, statements]) =>
      statements.some((s) => s.Effect === 'Allow' && actions(s).includes('sns:Publish') && JSON.stringify(s.Resource).includes('UnreachableCustomers')),
    );
    expect(publishers.map(([role]) => role)).toEqual([expect.stringMatching(/^Hotline-dev-Outbound\/NoticeRelayRole/)]);
    const [, statements] = publishers[0]!;
    // Its only SNS grant names that topic: no '*' to fence.
    expect(statements.filter((s) => actions(s).some((a) => a.startsWith('sns:'))).flatMap((s) => resources(s.Resource).map((r) => JSON.stringify(r)))).toEqual([expect.stringContaining('UnreachableCustomers')]);
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

import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SesEmailSender } from '../functions/email/adapters/ses-email-sender';
import { SnsSmsSender } from '../functions/sms/adapters/sns-sms-sender';
import { runningRuntime } from '../local/runtime';
import { replayKept, type ReplayItem, type ReplayReport } from '../replay/replay';

/**
 * `npm run replay`: re-processes what was kept, through the same functions.
 * - Locally (default): asks the running runtime (`npm start`; `--url`, `--data-dir`)
 *   to replay its DLQ journal (`POST /local/replay`).
 * - `--aws --queue-url URL --function sms-inbound=NAME --function email-inbound=NAME ...`:
 *   drains the stage's rejected-contacts queue: each message replayed is deleted;
 *   one that fails again or is not replayable stays for a person (it comes back
 *   after its visibility timeout). Replies kept unsent are sent again with
 *   `--sms-origination` and `--email-from`, else left in the queue.
 */
const USAGE = `usage: npm run replay [-- --url http://127.0.0.1:3000 | --data-dir .local]
       npm run replay -- --aws --queue-url URL --function sms-inbound=NAME [--function email-inbound=NAME ...] [--region R] [--sms-origination +86...] [--email-from service@...] [--max 1000]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string', default: '.local' },
      aws: { type: 'boolean', default: false },
      'queue-url': { type: 'string' },
      function: { type: 'string', multiple: true, default: [] },
      region: { type: 'string' },
      'sms-origination': { type: 'string' },
      'email-from': { type: 'string' },
      max: { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const report = values.aws ? await replayInAws(values) : await replayLocally(values.url ?? runningRuntime(values['data-dir'])?.url);
  if (!report) return 1;
  print(report);
  return report.failed > 0 ? 1 : 0;
}

async function replayLocally(url: string | undefined): Promise<ReplayReport | undefined> {
  const target = url ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  try {
    const response = await fetch(`${target}/local/replay`, { method: 'POST' });
    return (await response.json()) as ReplayReport;
  } catch (error) {
    console.error(`No local runtime answers at ${target} (${(error as Error).message}). Run \`npm start\` first; the replay runs inside it, through the same functions.`);
    return undefined;
  }
}

async function replayInAws(values: { 'queue-url'?: string; function: string[]; region?: string; 'sms-origination'?: string; 'email-from'?: string; max: string }): Promise<ReplayReport | undefined> {
  const queueUrl = values['queue-url'];
  const functions = new Map(values.function.map((pair) => pair.split('=', 2) as [string, string]));
  if (!queueUrl || functions.size === 0 || [...functions.values()].some((name) => !name)) {
    console.error(`--aws needs --queue-url and at least one --function name=FunctionNameOrArn\n${USAGE}`);
    return undefined;
  }
  const region = values.region ?? process.env.AWS_REGION;
  const sqs = new SQSClient({ region });
  const lambda = new LambdaClient({ region });
  const sms = values['sms-origination'] ? new SnsSmsSender(new SNSClient({ region }), values['sms-origination']) : undefined;
  const email = values['email-from'] ? new SesEmailSender(new SESv2Client({ region }), values['email-from']) : undefined;
  const receipts = new Map<string, string>();
  const seen = new Set<string>();
  const outcomes: ReplayReport['outcomes'][number][] = [];
  const max = Number(values.max);
  while (seen.size < max) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }));
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    const items: ReplayItem[] = fresh.map((m) => {
      seen.add(m.MessageId as string);
      receipts.set(m.MessageId as string, m.ReceiptHandle as string);
      return { id: m.MessageId as string, message: { body: m.Body ?? '' } };
    });
    const report = await replayKept(
      items,
      {
        invoke: async (name, event) => {
          const functionName = functions.get(name);
          if (!functionName) return { ok: false, error: `no --function ${name}=... given` };
          const output = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(event)) }));
          const text = output.Payload ? new TextDecoder().decode(output.Payload) : 'null';
          return output.FunctionError ? { ok: false, error: `${output.FunctionError}: ${text.slice(0, 300)}` } : { ok: true, result: JSON.parse(text) };
        },
        sendSms: async (to, text) => {
          if (!sms) throw new ReplayNotConfiguredError('--sms-origination');
          await sms.send(to, text);
        },
        sendEmail: async (message) => {
          if (!email) throw new ReplayNotConfiguredError('--email-from');
          await email.send(message);
        },
      },
      async (outcome) => void (await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receipts.get(outcome.id) }))),
    );
    outcomes.push(...report.outcomes);
    console.log(`  ${seen.size} message(s) read: ${outcomes.filter((o) => o.status === 'replayed').length} replayed so far`);
  }
  return {
    replayed: outcomes.filter((o) => o.status === 'replayed').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    notReplayable: outcomes.filter((o) => o.status === 'not_replayable').length,
    outcomes,
  };
}

/** A kept reply needs a sender the command line did not configure. */
class ReplayNotConfiguredError extends Error {
  constructor(option: string, options?: ErrorOptions) {
    super(`replaying this reply needs ${option}`, options);
    this.name = 'ReplayNotConfiguredError';
  }
}

function print(report: ReplayReport): void {
  for (const outcome of report.outcomes) {
    if (outcome.status !== 'replayed') console.log(`  ${outcome.status.padEnd(14)} ${outcome.id}  ${outcome.functionName ?? outcome.kind}  ${outcome.detail ?? ''}`);
  }
  console.log(`replay: ${report.replayed} replayed, ${report.failed} failed (still kept; run again later), ${report.notReplayable} not replayable (bad input: inspect, fix or discard)`);
}

process.exitCode = await main();

/**
 * Issue 3 benchmark: the voice-ivr function in-process against DynamoDB
 * Local, median and p99, each divided by the same statistic of the raw
 * DynamoDB operations the step needs, issued directly in the same run
 * (alternating one of each, so drift on the machine affects both sides alike).
 *
 * - outage_check from a caller inside an active outage (the storm path):
 *   raw = one Query of the caller's partition + one two-item TransactWrite
 *   (contact, outage report). The function does one more Query (intake reloads the sender).
 * - account_summary on a verified call: raw = two GetItems (verification, bill).
 *
 * Called from bench/run.ts after the environment is set and customers are seeded.
 */
import { performance } from 'node:perf_hooks';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../functions/customers/customer';
import * as keys from '../functions/shared/keys';
import { median } from './bundles';

interface Handler {
  (event: unknown, context: unknown): Promise<unknown>;
}

export interface VoiceStepTiming {
  readonly step: string;
  readonly handlerMedianMs: number;
  readonly handlerP99Ms: number;
  readonly rawMedianMs: number;
  readonly rawP99Ms: number;
  readonly requestsPerCall: number;
  readonly rawRequestsPerCall: number;
}

const BENCH_OUTAGE = 'OUT-BENCH-VOICE';

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

function flowEvent(contactId: string, phone: string, parameters: Record<string, string>) {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: { language: 'zh-CN' },
        Channel: 'VOICE',
        ContactId: contactId,
        CustomerEndpoint: { Address: phone, Type: 'TELEPHONE_NUMBER' },
        InitiationMethod: 'INBOUND',
        InstanceARN: 'arn:aws:connect:ap-southeast-1:111122223333:instance/00000000-0000-0000-0000-000000000000',
        LanguageCode: 'zh-CN',
        SystemEndpoint: { Address: '+8695598', Type: 'TELEPHONE_NUMBER' },
      },
      Parameters: parameters,
    },
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Runs `count` calls of each step through the voice-ivr handler and the raw baseline.
 *
 * @example
 * const voice = await benchVoice(doc, tableName, customers, 400, requests);
 * for (const s of voice) report(`voice ${s.step} median vs raw`, s.handlerMedianMs, s.rawMedianMs, 'ms', 1.6);
 */
export async function benchVoice(doc: DynamoDBDocumentClient, tableName: string, customers: readonly Customer[], count: number, requests: { count: number }): Promise<VoiceStepTiming[]> {
  const { OutageRepository } = await import('../functions/outages/adapters/outage-repository');
  const { DynamoCallStateRepository } = await import('../functions/voice/adapters/dynamo-call-state-repository');
  const { syntheticBillSummary } = await import('../functions/customers/bill-summary');
  const { CustomerRepository } = await import('../functions/customers/adapters/customer-repository');
  const { handler } = (await import('../functions/voice/handlers/ivr')) as unknown as { handler: Handler };
  const context = { functionName: 'voice-ivr', awsRequestId: 'bench', getRemainingTimeInMillis: () => 8_000 };

  const feeder = customers[0]!.feeder;
  const inOutage = customers.filter((c) => c.feeder === feeder);
  const now = new Date();
  await new OutageRepository(doc, tableName).declare({
    outageId: BENCH_OUTAGE,
    kind: 'unplanned',
    areas: [],
    feeders: [feeder],
    cause: { 'zh-CN': '线路故障', en: 'a line fault' },
    etr: new Date(now.getTime() + 3 * 3_600_000).toISOString(),
    declaredAt: now.toISOString(),
    status: 'active',
  });
  const calls = new DynamoCallStateRepository(doc, tableName);
  const directory = new CustomerRepository(doc, tableName);
  for (const c of customers) await directory.saveLatestBill(syntheticBillSummary(c.accountNumber));
  const tag = `${Date.now().toString(36)}`;

  const results: VoiceStepTiming[] = [];
  for (const step of ['outage_check', 'account_summary'] as const) {
    const handlerMs: number[] = [];
    const rawMs: number[] = [];
    let handlerRequests = 0;
    for (let i = -20; i < count; i++) {
      const customer = step === 'outage_check' ? inOutage[Math.abs(i) % inOutage.length]! : customers[Math.abs(i) % customers.length]!;
      const phone = customer.phones[0]!;
      const contactId = `bench-${step}-${tag}-${i}`;
      if (step === 'account_summary') await calls.saveVerification(`voice#${contactId}`, customer.accountNumber, new Date(Date.now() + 3_600_000));
      const raw = await timed(() => rawStep(step, doc, tableName, customer, `raw-${contactId}`));
      const before = requests.count;
      const fn = await timed(() => handler(flowEvent(contactId, phone, { action: step }), context));
      // The first 20 warm connections and the JIT on both sides.
      if (i < 0) continue;
      rawMs.push(raw);
      handlerMs.push(fn);
      handlerRequests += requests.count - before;
    }
    results.push({
      step,
      handlerMedianMs: median(handlerMs),
      handlerP99Ms: p99(handlerMs),
      rawMedianMs: median(rawMs),
      rawP99Ms: p99(rawMs),
      requestsPerCall: handlerRequests / count,
      rawRequestsPerCall: 2,
    });
  }
  return results;
}

async function rawStep(step: 'outage_check' | 'account_summary', doc: DynamoDBDocumentClient, tableName: string, customer: Customer, contactId: string): Promise<void> {
  if (step === 'account_summary') {
    await doc.send(new GetCommand({ TableName: tableName, Key: keys.callState(`voice#${contactId}`, 'VERIFIED'), ConsistentRead: true }));
    await doc.send(new GetCommand({ TableName: tableName, Key: keys.latestBill(customer.accountNumber) }));
    return;
  }
  const at = new Date().toISOString();
  const contactKey = `voice#${contactId}`;
  await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.phonePartition(customer.phones[0]!) } }));
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.contact(contactKey), contactKey, channel: 'voice', text: '停电', receivedAt: at, outcome: { kind: 'outage_joined', outageId: BENCH_OUTAGE } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: tableName, Item: { ...keys.outageReport(BENCH_OUTAGE, contactKey), contactKey, channel: 'voice', reportedAt: at } } },
      ],
    }),
  );
}


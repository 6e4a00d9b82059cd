import { performance } from 'node:perf_hooks';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../functions/customers/customer';
import * as keys from '../functions/shared/keys';
import { median } from './bundles';

interface Handler {
  (event: unknown, context: unknown): Promise<unknown>;
}

const TEXTS = ['How much is my bill this month?', '我要投诉营业厅服务态度', '电费账单怎么查', 'I want to apply for a new connection', '建议延长营业时间'];

export function snsSmsEvent(phone: string, text: string, id: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:ap-southeast-1:111122223333:hotline-sms-inbound:bench',
        Sns: {
          Type: 'Notification',
          MessageId: `sns-${id}`,
          TopicArn: 'arn:aws:sns:ap-southeast-1:111122223333:hotline-sms-inbound',
          Subject: null,
          Message: JSON.stringify({
            originationNumber: phone,
            destinationNumber: '+8695598',
            messageKeyword: 'KEYWORD_111122223333',
            messageBody: text,
            inboundMessageId: id,
            previousPublishedMessageId: null,
          }),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'bench',
          SigningCertUrl: 'https://sns.ap-southeast-1.amazonaws.com/bench.pem',
          UnsubscribeUrl: 'https://sns.ap-southeast-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** One SMS contact through the handler, from a directory customer; returns its latency in ms. */
export async function timeHandler(handler: Handler, customers: readonly Customer[], i: number, tag: string): Promise<number> {
  const customer = customers[i % customers.length]!;
  const event = snsSmsEvent(customer.phones[0]!, TEXTS[i % TEXTS.length]!, `${tag}-${i}`);
  const start = performance.now();
  await handler(event, { functionName: 'sms-inbound', awsRequestId: `${tag}-${i}`, getRemainingTimeInMillis: () => 10_000 });
  return performance.now() - start;
}

/**
 * Runs `count` contacts through the handler and the raw baseline, alternating
 * one of each so that drift on the machine affects both sides alike.
 */
export async function compareWithRaw(handler: Handler, doc: DynamoDBDocumentClient, tableName: string, customers: readonly Customer[], count: number, requests: { count: number }, tag: string) {
  const handlerMs: number[] = [];
  const rawMs: number[] = [];
  let handlerRequests = 0;
  for (let i = 0; i < count; i++) {
    rawMs.push(await timeRaw(doc, tableName, customers, i, tag));
    const before = requests.count;
    handlerMs.push(await timeHandler(handler, customers, i, tag));
    handlerRequests += requests.count - before;
  }
  return { handlerMedianMs: median(handlerMs), rawMedianMs: median(rawMs), requestsPerContact: handlerRequests / count };
}

/**
 * The raw baseline: the same two DynamoDB operations intake needs for a new
 * ticket (one Query of the sender partition, one four-item transaction),
 * issued directly with items of the same shape and size.
 */
export async function timeRaw(doc: DynamoDBDocumentClient, tableName: string, customers: readonly Customer[], i: number, tag: string): Promise<number> {
  {
    const customer = customers[i % customers.length]!;
    const at = new Date().toISOString();
    const ticketId = `${tag}-${i}`;
    const text = TEXTS[i % TEXTS.length]!;
    const start = performance.now();
    await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.phonePartition(customer.phones[0]!) } }));
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...keys.contact(`raw#${ticketId}`), channel: 'sms', text, receivedAt: at, outcome: { kind: 'ticket_opened', ticketId } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.ticket(ticketId), ...keys.ticketsByCustomer(customer.accountNumber, at), ...keys.ticketsByStatus('new', 'complaint', at, ticketId), ticketId, type: 'complaint', status: 'new', summary: text, createdAt: at, updatedAt: at, due: { departmentAnswer: at, customerReply: at } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName, Item: { ...keys.timelineEntry(ticketId, at, `raw#${ticketId}`), at, kind: 'contact', text } } },
          { Put: { TableName: tableName, Item: { ...keys.threadPointer(`RAW#${ticketId}`, 'complaint'), ticketId, lastContactAt: at } } },
        ],
      }),
    );
    return performance.now() - start;
  }
}

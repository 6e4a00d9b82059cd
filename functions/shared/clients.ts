import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * SDK clients, created once per container at module scope. In AWS the
 * endpoint variables are unset; the local runtime points DynamoDB at
 * DynamoDB Local and records SNS/SQS calls to its outbox (local/outbox.ts).
 *
 * Each is marked pure: a function that never sends through a client leaves
 * it out of its bundle (SNS or SQS ~20 KB each), and the bench's SDK-only
 * baseline (bench/bundles.ts, made of the clients a bundle holds) then
 * compares like with like.
 */
// A bare `process.env` read in a client's options would count as a side effect and keep the client.
function dynamoEndpoint(): string | undefined {
  return process.env.DYNAMODB_ENDPOINT;
}
export const dynamo = /* @__PURE__ */ new DynamoDBClient({ endpoint: /* @__PURE__ */ dynamoEndpoint() });
export const documentClient = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
export const sns = /* @__PURE__ */ new SNSClient({});
export const sqs = /* @__PURE__ */ new SQSClient({});

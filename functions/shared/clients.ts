import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * SDK clients, created once per container at module scope. In AWS the
 * endpoint variables are unset; the local runtime points DynamoDB at
 * DynamoDB Local and records SNS/SQS calls to its outbox (local/outbox.ts).
 */
export const dynamo = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
export const documentClient = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
export const sns = new SNSClient({});
export const sqs = new SQSClient({});

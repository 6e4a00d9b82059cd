/**
 * `npm run export:corrections -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out file.jsonl]`:
 * agents' corrections as labelled examples (correction-examples.ts), JSONL on
 * stdout or into a file; append the lines you have checked to a source file
 * or to train.jsonl and run `npm run train:classify` (README).
 * Reads TABLE_NAME (default hotline-local) at DYNAMODB_ENDPOINT (the local
 * runtime's DynamoDB Local) or, without it, the AWS account of the environment.
 */
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { correctionExamples, daysBetween } from './correction-examples';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const today = new Date().toISOString().slice(0, 10);
const to = option('--to') ?? today;
const from = option('--from') ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || from > to) {
  console.error('--from and --to must be dates (YYYY-MM-DD), from not after to');
  process.exit(2);
}
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = new DynamoDBClient(endpoint ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {});
const lines = await correctionExamples(DynamoDBDocumentClient.from(client), process.env.TABLE_NAME ?? 'hotline-local', daysBetween(from, to));
const jsonl = lines.map((line) => JSON.stringify(line)).join('\n') + (lines.length ? '\n' : '');
const out = option('--out');
if (out) writeFileSync(out, jsonl);
else process.stdout.write(jsonl);
console.error(`${lines.length} corrected tickets from ${from} to ${to}${out ? ` written to ${out}` : ''}`);

import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * SNS and SQS cannot run here: the bench answers them in-process (as the local outbox does), ahead
 * of any network, so only intake and the table are timed. Used by bench/run.ts and bench/fault-run.ts.
 *
 * @example
 * const clients = await import('../functions/shared/clients');
 * answerSnsAndSqsInProcess(clients);
 */
export function answerSnsAndSqsInProcess(clients: { sns: SNSClient; sqs: SQSClient }): void {
  const answerInProcess = () => async () => ({ output: { MessageId: 'bench', $metadata: {} }, response: {} }) as never;
  clients.sns.middlewareStack.add(answerInProcess, { step: 'initialize', name: 'benchShortCircuit' });
  clients.sqs.middlewareStack.add(answerInProcess, { step: 'initialize', name: 'benchShortCircuit' });
}

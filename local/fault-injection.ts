import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { InitializeMiddleware } from '@smithy/types';
import type { SdkClient } from './outbox';

/**
 * The failures a DynamoDB call can end in, as the SDK surfaces them once its
 * own retries are spent:
 * - `throttle`: ProvisionedThroughputExceededException;
 * - `conflict`: TransactionCanceledException with TransactionConflict (transactions only);
 * - `timeout`: the request never reached the table (TimeoutError);
 * - `lost_answer`: the request was applied, then the answer was lost (TimeoutError after the write; counted only when applied).
 */
export type DynamoFault = 'throttle' | 'conflict' | 'timeout' | 'lost_answer';

/** Decides, per call, whether it fails and how; `call` counts from 1. */
export type FaultPlan = (commandName: string, call: number) => DynamoFault | undefined;

export interface InjectedFaults {
  readonly calls: number;
  readonly injected: Readonly<Record<DynamoFault, number>>;
  /** Takes the middleware off the client. */
  remove(): void;
}

/** What the SDK's HTTP handler throws when a request times out. */
class InjectedTimeoutError extends Error {
  constructor(options?: ErrorOptions) {
    super('Injected: request timed out', options);
    this.name = 'TimeoutError';
  }
}

const MIDDLEWARE_NAME = 'faultInjection';

/**
 * Makes chosen calls of a real DynamoDB client fail, at the SDK boundary (a
 * middleware ahead of the SDK's retries, so the failure is what the function
 * sees after them). For tests and the bench's fault run; the data path still
 * runs against DynamoDB Local.
 *
 * @example
 * const faults = injectDynamoFaults(clients.dynamo, (command, call) => (call % 10 === 0 ? 'throttle' : undefined));
 * // ... run the functions ...
 * faults.remove();
 */
export function injectDynamoFaults<Input extends object, Output extends object>(client: SdkClient<Input, Output>, plan: FaultPlan): InjectedFaults {
  const stats = { calls: 0, injected: { throttle: 0, conflict: 0, timeout: 0, lost_answer: 0 } as Record<DynamoFault, number> };
  const middleware: InitializeMiddleware<Input, Output> = (next, context) => async (args) => {
    stats.calls += 1;
    const commandName = context.commandName ?? '';
    const fault = plan(commandName, stats.calls);
    if (!fault || (fault === 'conflict' && commandName !== 'TransactWriteItemsCommand')) return next(args);
    // A lost answer counts only when the request was applied (a refused one throws its own error).
    if (fault !== 'lost_answer') stats.injected[fault] += 1;
    const $metadata = { httpStatusCode: 400, requestId: `injected-${stats.calls}`, attempts: 1 };
    switch (fault) {
      case 'throttle':
        throw new ProvisionedThroughputExceededException({ message: 'Injected: throughput exceeded', $metadata });
      case 'conflict': {
        const items = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
        const CancellationReasons = Array.from({ length: items }, (_, i) => ({ Code: i === 0 ? 'TransactionConflict' : 'None' }));
        throw new TransactionCanceledException({ message: 'Injected: transaction cancelled, TransactionConflict', $metadata, CancellationReasons });
      }
      case 'timeout':
        throw new InjectedTimeoutError();
      case 'lost_answer':
        await next(args);
        stats.injected.lost_answer += 1;
        throw new InjectedTimeoutError();
    }
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name: MIDDLEWARE_NAME, override: true, priority: 'high' });
  return {
    get calls() {
      return stats.calls;
    },
    injected: stats.injected,
    remove: () => void client.middlewareStack.remove(MIDDLEWARE_NAME),
  };
}

/**
 * The callback planner's stream, locally (issue 15). The table stream
 * (local/table-stream.ts) is read by polling, after the write has been
 * answered; the planner should have run before the answer (a test or a
 * person sees the callbacks with it), so the runtime watches the functions'
 * own writes instead. After a write (Put, Update, or a transaction) to an
 * item a consumer listens for succeeds, the item is read back and handed to
 * the consumer as a stream record (NewImage only) before the write returns.
 * Consumers here must not need OldImage (the callback planner does not).
 */
import { GetItemCommand, type AttributeValue, type DynamoDBClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { BuildHandlerOptions, BuildMiddleware } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

type Key = Record<string, AttributeValue>;
type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Which items a consumer hears about (its event source's filter, by key), and the function. */
export interface LocalStreamConsumer {
  readonly name: string;
  readonly wants: (pk: string, sk: string) => boolean;
  readonly handler: () => Promise<Handler>;
}

const MIDDLEWARE_NAME = 'localWriteWatch';

/**
 * Runs `consumers` after each matching write through `client`.
 *
 * @example
 * attachLocalWriteWatch(dynamo, 'hotline-local', [{ name: 'callback-planner', wants: (pk, sk) => sk === 'OUTAGE', handler: ... }]);
 */
export function attachLocalWriteWatch(client: DynamoDBClient, tableName: string, consumers: readonly LocalStreamConsumer[]): void {
  let sequence = 0;
  const middleware: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const result = await next(args);
    const written = writtenKeys(context.commandName ?? '', args.input as Record<string, unknown>);
    for (const key of written) {
      const pk = key.pk?.S ?? '';
      const sk = key.sk?.S ?? '';
      const listening = consumers.filter((c) => c.wants(pk, sk));
      if (listening.length === 0) continue;
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }));
      if (!Item) continue;
      for (const consumer of listening) {
        const id = `local-stream-${++sequence}`;
        try {
          const handler = await consumer.handler();
          await handler({ Records: [{ eventID: id, eventName: 'MODIFY', eventSource: 'aws:dynamodb', dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, NewImage: Item, StreamViewType: 'NEW_AND_OLD_IMAGES' } }] }, lambdaContext(consumer.name, id));
        } catch (error) {
          // In AWS the stream would retry the batch; locally the write stands and the failure is said.
          console.error(`local write watch: ${consumer.name} failed on ${pk}/${sk}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
      }
    }
    return result;
  };
  const options: BuildHandlerOptions & { name: string; override: boolean } = { step: 'build', name: MIDDLEWARE_NAME, override: true };
  client.middlewareStack.add(middleware, options);
}

/** The keys a write command changes (marshalled input, as the base client sees it). */
function writtenKeys(command: string, input: Record<string, unknown>): Key[] {
  const keyOf = (item: unknown): Key[] => {
    const record = item as Key | undefined;
    return record?.pk && record.sk ? [{ pk: record.pk, sk: record.sk }] : [];
  };
  switch (command) {
    case 'PutItemCommand':
      return keyOf(input.Item);
    case 'UpdateItemCommand':
      return keyOf(input.Key);
    case 'TransactWriteItemsCommand':
      return ((input.TransactItems ?? []) as { Put?: { Item: unknown }; Update?: { Key: unknown } }[]).flatMap((t) => [...keyOf(t.Put?.Item), ...keyOf(t.Update?.Key)]);
    default:
      return [];
  }
}

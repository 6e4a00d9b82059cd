/**
 * The table stream's stand-in for the cluster watch (issue 13): after a
 * transaction of the functions' DynamoDB client commits, the cluster reports
 * it put are handed to `cluster-watch` in-process as the INSERT records AWS
 * would deliver, before the call returns (so a text's answer comes after the
 * watch decided, as the planner's does; fine for local volumes).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

type Handler = (event: unknown, context: Context) => Promise<unknown>;
type Marshalled = Record<string, { S?: string } & Record<string, unknown>>;

/**
 * Runs the cluster watch on the cluster reports each committed TransactWriteItems put.
 *
 * @example
 * attachLocalClusterStream(dynamo);
 */
export function attachLocalClusterStream(dynamo: DynamoDBClient): void {
  let seq = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      // The document client's input may reach this step plain or as DynamoDB JSON: the stream record is DynamoDB JSON.
      const items = ((args.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] }).TransactItems ?? [])
        .map((t) => t.Put?.Item)
        .map((item) => (item && typeof item.pk === 'string' ? (marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as Marshalled) : (item as Marshalled | undefined)))
        .filter((item): item is Marshalled => item?.pk?.S?.startsWith('CLUSTER#') === true);
      if (items.length > 0) {
        const { handler } = (await import('../functions/outages/handlers/cluster-watch')) as { handler: Handler };
        await handler({ Records: items.map((NewImage) => ({ eventName: 'INSERT', dynamodb: { NewImage } })) }, lambdaContext('cluster-watch', `local-stream-${++seq}`));
      }
      return result;
    },
    { step: 'initialize', name: 'localClusterStream' },
  );
}

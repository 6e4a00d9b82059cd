/**
 * Callbacks in the local runtime (issue 15): the callback planner hears the
 * table's changes through the local table stream (local/write-watch.ts),
 * and its Connect tasks land in the outbox as `task` entries; a person acts
 * as the agent through the ops API (`GET /callbacks`, `POST /callbacks/{id}/outcome`).
 */
import type { Context } from 'aws-lambda';
import type { SystemState } from '../functions/handover/ports';
import type { LocalOutbound } from './outbound';
import type { DescribeCommand, LocalOutbox } from './outbox';
import type { LocalStreamConsumer } from './write-watch';

/** The variables the CDK stack gives the planner, with local values. */
export function callbacksEnvironment(): Record<string, string> {
  return {
    CONNECT_INSTANCE_ID: process.env.CONNECT_INSTANCE_ID ?? 'local-instance',
    // The CDK stack names the callback task flow the Connect stack deploys (connect/flows/callback-task.json).
    CALLBACK_CONTACT_FLOW_ID: process.env.CALLBACK_CONTACT_FLOW_ID ?? 'local-callback-task-flow',
    CALLBACK_TASK_RATE: process.env.CALLBACK_TASK_RATE ?? '2',
  };
}

/** Which writes the runtime hands the planner: a superset of the stream filter lib/constructs/callback-planner.ts deploys (the handler decides again). */
export const callbackPlannerConsumer: LocalStreamConsumer = {
  name: 'callback-planner',
  wants: (pk, sk) => sk === 'OUTAGE' || sk.startsWith('ORDER#') || (pk.startsWith('CALLBACK#') && sk === 'CALLBACK'),
  handler: async () => ((await import('../functions/callbacks/handlers/callback-planner')) as { handler: (event: unknown, context: Context) => Promise<unknown> }).handler,
};

/**
 * Connect StartTaskContact becomes an outbox entry with `channel: 'task'`:
 * no number (a task carries none), the description as its text, the
 * attributes with the task's name, schedule and client token.
 */
export const describeConnectTaskCommand: DescribeCommand = (commandName, input) => {
  if (commandName !== 'StartTaskContactCommand') return undefined;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries((input.Attributes ?? {}) as Record<string, unknown>)) attributes[name] = String(value);
  if (typeof input.Name === 'string') attributes.Name = input.Name;
  if (input.ScheduledTime instanceof Date) attributes.ScheduledTime = input.ScheduledTime.toISOString();
  if (typeof input.ClientToken === 'string') attributes.ClientToken = input.ClientToken;
  return { journal: 'outbox', entry: { channel: 'task', to: '', text: String(input.Description ?? ''), attributes }, output: (messageId) => ({ ContactId: messageId }) };
};

/**
 * The handover's system state from the runtime's own journals: the
 * rejected-contacts queue is the DLQ journal, its alarm fires as the
 * Channels stack's depth alarm would (any message), and the dispatch backlog
 * is the notices waiting to go.
 */
export function localSystemState(outbox: LocalOutbox, outbound: LocalOutbound): { read(): Promise<SystemState> } {
  return {
    async read() {
      const depth = outbox.read('dlq').length;
      return {
        deadLetterQueues: [{ name: 'rejected-contacts', depth }],
        alarmsFiring: depth > 0 ? ['hotline-local-RejectedContactsDepth'] : [],
        dispatchBacklog: await outbound.backlog(new Date()),
        source: 'local',
      };
    },
  };
}

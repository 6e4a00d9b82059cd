import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FailedInvocation } from './async-invocations';
import type { InitializeHandlerOptions, InitializeMiddleware, MiddlewareStack } from '@smithy/types';

/** An SMS that would have been sent (SNS Publish to a phone number). */
export interface OutboxEntry {
  readonly at: string;
  /** `email`: an SES SendEmail; `chat`: an Amazon Connect StartChatContact (a hand-over to an agent), or the customer's message in that chat (`attributes.contactId`); `voice`: a Connect StartOutboundVoiceContact (automated outbound call); `task`: a Connect StartTaskContact (a callback for an agent; `to` is empty, a task carries no number). */
  readonly channel: 'sms' | 'email' | 'chat' | 'voice' | 'task';
  readonly to: string;
  /** The origination identity asked for (`AWS.MM.SMS.OriginationNumber`), if any. */
  readonly from?: string;
  /** E-mail only. */
  readonly subject?: string;
  readonly text: string;
  /** SNS message attributes, by name, as their string values. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * A raw payload that would have gone to the rejected-contacts dead-letter
 * queue: a handler's rejection (body: the envelope of
 * functions/shared/rejected-contacts.ts), or an asynchronous invocation that
 * failed every attempt (body: the event, as Lambda's DLQ gets it; `function`
 * and `attributes` say which function and why, as the DLQ message's
 * attributes do in AWS).
 */
export interface DlqEntry {
  readonly at: string;
  readonly queue: string;
  readonly body: string;
  readonly function?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

type Journal = 'outbox' | 'dlq';

/** What a command becomes locally: a journal line, and the output the SDK call returns instead of calling AWS. */
export type LocalDelivery =
  | { readonly journal: 'outbox'; readonly entry: Omit<OutboxEntry, 'at'>; output(messageId: string): Record<string, unknown> }
  | { readonly journal: 'dlq'; readonly entry: Omit<DlqEntry, 'at'>; output(messageId: string): Record<string, unknown> };

/** Maps an SDK command to its local delivery; `undefined` means the command is not emulated. */
export type DescribeCommand = (commandName: string, input: Record<string, unknown>) => LocalDelivery | undefined;

/** An SDK v3 client, of any service. */
export interface SdkClient<Input extends object, Output extends object> {
  readonly middlewareStack: MiddlewareStack<Input, Output>;
}

export class LocalOutboxUnsupportedCommandError extends Error {
  constructor(clientName: string, commandName: string) {
    super(`${clientName}.${commandName} is not emulated by the local runtime; add it to a describer in local/outbox.ts`);
    this.name = 'LocalOutboxUnsupportedCommandError';
  }
}

const MIDDLEWARE_NAME = 'localOutboxMiddleware';

/**
 * The local stand-in for SNS and SQS: what would have been sent is appended,
 * one JSON object per line, to `<dataDir>/outbox.jsonl` and
 * `<dataDir>/dlq.jsonl`, so a person can `cat` them and tests can read them back.
 *
 * @example
 * const outbox = new LocalOutbox('.local');
 * outbox.attach(sns, describeSnsCommand);
 * outbox.attach(sqs, describeSqsCommand(process.env.REJECTED_CONTACTS_QUEUE_URL!));
 * outbox.read('outbox'); // [{ at, channel: 'sms', to, from, text, attributes }]
 */
export class LocalOutbox {
  private readonly counts = new Map<Journal, number>();

  constructor(
    readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(dataDir, { recursive: true });
  }

  /**
   * Short-circuits the client's sends at the initialize step: nothing is
   * serialized, signed or sent; the call resolves with the describer's output.
   * Attaching again (to a new outbox) replaces the previous middleware.
   */
  attach<Input extends object, Output extends object>(client: SdkClient<Input, Output>, describe: DescribeCommand): void {
    const middleware: InitializeMiddleware<Input, Output> = (_next, context) => async (args) => {
      const commandName = context.commandName ?? 'UnknownCommand';
      const delivery = describe(commandName, args.input as Record<string, unknown>);
      if (!delivery) throw new LocalOutboxUnsupportedCommandError(context.clientName ?? 'client', commandName);
      const messageId = this.record(delivery.journal, delivery.entry);
      // The describer knows the command's output shape; the stack only knows the union of all outputs.
      const output = { ...delivery.output(messageId), $metadata: { httpStatusCode: 200, attempts: 1 } } as unknown as Output;
      return { output, response: {} };
    };
    const options: InitializeHandlerOptions & { name: string; override: boolean } = { step: 'initialize', name: MIDDLEWARE_NAME, override: true };
    client.middlewareStack.add(middleware, options);
  }

  /** Appends an entry and returns a message id derived from the journal position and content (stable across identical runs). */
  record(journal: Journal, entry: Omit<OutboxEntry, 'at'> | Omit<DlqEntry, 'at'>): string {
    const line = JSON.stringify({ at: this.now().toISOString(), ...entry });
    const sequence = this.count(journal) + 1;
    appendFileSync(this.path(journal), `${line}\n`);
    this.counts.set(journal, sequence);
    return deterministicId(`${journal}#${sequence}#${JSON.stringify(entry)}`);
  }

  /**
   * An asynchronous invocation that failed every attempt, kept as Lambda's
   * DLQ keeps it: the event as the body, the request id and error as attributes.
   *
   * @example
   * outbox.keepFailedInvocation(queueUrl, { functionName: 'sms-inbound', requestId, event, attempts: 3, errorType: 'TimeoutError', errorMessage: '...', condition: 'RetriesExhausted' });
   */
  keepFailedInvocation(queue: string, failed: FailedInvocation): void {
    const body = JSON.stringify(failed.event) ?? 'null';
    this.record('dlq', {
      queue,
      function: failed.functionName,
      body,
      attributes: {
        RequestID: failed.requestId,
        ErrorCode: failed.errorType,
        ErrorMessage: failed.errorMessage.slice(0, 1000),
        condition: failed.condition,
        approximateInvokeCount: String(failed.attempts),
      },
    });
  }

  read(journal: 'outbox'): OutboxEntry[];
  read(journal: 'dlq'): DlqEntry[];
  read(journal: Journal): OutboxEntry[] | DlqEntry[] {
    const path = this.path(journal);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
  }

  path(journal: Journal): string {
    return join(this.dataDir, `${journal}.jsonl`);
  }

  private count(journal: Journal): number {
    let count = this.counts.get(journal);
    if (count === undefined) {
      count = this.read(journal as 'outbox').length;
      this.counts.set(journal, count);
    }
    return count;
  }
}

/** SNS Publish to a phone number becomes an outbox SMS; topic publishes and other SNS commands are not emulated. */
export const describeSnsCommand: DescribeCommand = (commandName, input) => {
  if (commandName !== 'PublishCommand' || typeof input.PhoneNumber !== 'string') return undefined;
  const attributes = stringAttributes(input.MessageAttributes);
  const from = attributes['AWS.MM.SMS.OriginationNumber'];
  return {
    journal: 'outbox',
    entry: { channel: 'sms', to: input.PhoneNumber, ...(from ? { from } : {}), text: String(input.Message ?? ''), attributes },
    output: (messageId) => ({ MessageId: messageId }),
  };
};

/** SES (v2) SendEmail with simple content becomes an outbox e-mail; its extra headers are the entry's attributes. */
export const describeSesCommand: DescribeCommand = (commandName, input) => {
  if (commandName !== 'SendEmailCommand') return undefined;
  const destination = (input.Destination ?? {}) as { ToAddresses?: string[] };
  const simple = ((input.Content ?? {}) as { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } }; Headers?: { Name: string; Value: string }[] } }).Simple;
  if (!simple) return undefined;
  const attributes = Object.fromEntries((simple.Headers ?? []).map((h) => [h.Name, h.Value]));
  return {
    journal: 'outbox',
    entry: { channel: 'email', to: (destination.ToAddresses ?? []).join(', '), from: String(input.FromEmailAddress ?? ''), subject: simple.Subject?.Data ?? '', text: simple.Body?.Text?.Data ?? '', attributes },
    output: (messageId) => ({ MessageId: messageId }),
  };
};

/** Amazon Connect StartChatContact becomes an outbox chat hand-over; the output is what the page would use to join. */
export const describeConnectCommand: DescribeCommand = (commandName, input) => {
  if (commandName !== 'StartChatContactCommand') return undefined;
  const attributes = stringValues(input.Attributes);
  const participant = (input.ParticipantDetails ?? {}) as { DisplayName?: string };
  const initial = (input.InitialMessage ?? {}) as { Content?: string };
  return {
    journal: 'outbox',
    entry: { channel: 'chat', to: `connect:${String(input.InstanceId ?? '')}`, from: participant.DisplayName ?? '', text: initial.Content ?? '', attributes },
    output: (messageId) => ({ ContactId: messageId, ParticipantId: `participant-${messageId.slice(0, 8)}`, ParticipantToken: `local-token-${messageId}`, ContinuedFromContactId: undefined }),
  };
};

function stringValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** SQS SendMessage to the rejected-contacts queue becomes a DLQ entry; other queues are not emulated. */
export function describeSqsCommand(rejectedContactsQueueUrl: string): DescribeCommand {
  return (commandName, input) => {
    if (commandName !== 'SendMessageCommand' || input.QueueUrl !== rejectedContactsQueueUrl) return undefined;
    const body = String(input.MessageBody ?? '');
    return {
      journal: 'dlq',
      entry: { queue: rejectedContactsQueueUrl, body },
      // The SQS client checks MD5OfMessageBody against the body it sent.
      output: (messageId) => ({ MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') }),
    };
  };
}

function stringAttributes(value: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [name, attribute] of Object.entries(value as Record<string, { StringValue?: unknown }>)) {
      if (attribute && typeof attribute.StringValue === 'string') attributes[name] = attribute.StringValue;
    }
  }
  return attributes;
}

function deterministicId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Connect StartOutboundVoiceContact (the outbound dispatcher's automated
 * calls) becomes an outbox entry with `channel: 'voice'`: the script the
 * contact flow would speak, and the request's other attributes and client token.
 */
export const describeConnectOutboundCommand: DescribeCommand = (commandName, input) => {
  if (commandName !== 'StartOutboundVoiceContactCommand' || typeof input.DestinationPhoneNumber !== 'string') return undefined;
  const { script, ...rest } = stringValues(input.Attributes);
  const attributes = typeof input.ClientToken === 'string' ? { ...rest, ClientToken: input.ClientToken } : rest;
  const from = typeof input.SourcePhoneNumber === 'string' ? input.SourcePhoneNumber : undefined;
  return {
    journal: 'outbox',
    entry: { channel: 'voice', to: input.DestinationPhoneNumber, ...(from ? { from } : {}), text: script ?? '', attributes },
    output: (messageId) => ({ ContactId: messageId }),
  };
};

/** The provider refusing a send in a local demo (the SDK call throws it). */
export class LocalDeliveryFailureError extends Error {
  constructor() {
    super('Local runtime: sends to this number fail on purpose (failing digits)');
    this.name = 'LocalDeliveryFailureError';
  }
}

/**
 * For demos of retries and the unreachable list: a send to a number ending
 * in one of `digits` fails as the provider would fail it (the SDK call throws).
 *
 * @example
 * outbox.attach(connect, failingFor('9', describeConnectOutboundCommand)); // +86...9 is never reached
 */
export function failingFor(digits: string, describe: DescribeCommand): DescribeCommand {
  return (commandName, input) => {
    const to = input.PhoneNumber ?? input.DestinationPhoneNumber;
    if (digits !== '' && typeof to === 'string' && digits.includes(to.slice(-1))) throw new LocalDeliveryFailureError();
    return describe(commandName, input);
  };
}

/**
 * Answers the commands `answer` returns an output for, ahead of the outbox
 * middleware (a local stand-in for one queue, bucket or topic); the rest pass on.
 *
 * @example
 * answerLocally(sqs, 'localPlannerQueue', async (command, input) => (input.QueueUrl === PLANNER ? { MessageId: 'm' } : undefined));
 */
export function answerLocally<Input extends object, Output extends object>(
  client: SdkClient<Input, Output>,
  name: string,
  answer: (commandName: string, input: Record<string, unknown>) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>,
): void {
  const middleware: InitializeMiddleware<Input, Output> = (next, context) => async (args) => {
    const output = await answer(context.commandName ?? '', args.input as Record<string, unknown>);
    if (!output) return next(args);
    return { output: { ...output, $metadata: { httpStatusCode: 200 } } as unknown as Output, response: {} };
  };
  client.middlewareStack.add(middleware, { step: 'initialize', priority: 'high', name, override: true });
}

import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTION_CATALOG, type CatalogEntry } from '../lib/function-catalog';
import { lambdaContext } from './lambda-context';
import type { LocalOutbox } from './outbox';
import { readBody } from './http';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHAT_PAGE_DIR = join(ROOT, 'web/chat');
/** SES receives mail up to 40 MB. */
const MAX_EMAIL_BYTES = 40 * 1024 * 1024;
const MAX_CHAT_REQUEST_BYTES = 64 * 1024;
export const LOCAL_SERVICE_ADDRESS = 'service@95598.example.com';
export const LOCAL_MAIL_PREFIX = 'inbound/';
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The environment the e-mail and chat functions read, with local values. */
export function webChannelsEnvironment(dataDir: string): Record<string, string> {
  return {
    MAIL_BUCKET: 'hotline-local-mail',
    MAIL_PREFIX: LOCAL_MAIL_PREFIX,
    EMAIL_FROM_ADDRESS: LOCAL_SERVICE_ADDRESS,
    LOCAL_MAIL_DIR: join(dataDir, 'mail'),
    CONNECT_INSTANCE_ID: '00000000-0000-0000-0000-000000000000',
    CONNECT_CONTACT_FLOW_ID: 'local-web-chat-flow',
    // The page joins the agent chat through the emulation below (`/chat/participant/...`), relative to its origin.
    CHAT_PARTICIPANT_ENDPOINT: '/chat',
  };
}

/**
 * The local gateway for the web channels:
 * - `POST /email` (raw .eml body; `?spam=FAIL&virus=...&spf=...&source=...`): stores the mail where
 *   SES's S3 action would, then invokes `email-inbound` with a real-shaped receipt event.
 *   The SES message id is derived from the content, so posting the same file again is a redelivery.
 * - `GET /chat/`: the chat page; `POST /chat/api/*`: `chat-api` with an HTTP API (2.0) event.
 * - `POST /chat/participant/{connection,message,transcript}`: the Amazon Connect Participant
 *   Service, for the chats `chat-api` handed over (see LocalAgentChats).
 * - `POST /chat/agent/{contactId}/messages` (`{ "text": "..." }`) and `POST /chat/agent/{contactId}/end`:
 *   a person or a test acting as the agent (local only).
 * Returns false when the request is not one of these.
 */
export async function routeWebChannels(req: IncomingMessage, res: ServerResponse, url: URL, dataDir: string, outbox: LocalOutbox, retryAsynchronously?: RetryAsynchronously): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (method === 'POST' && url.pathname === '/email') {
    await receiveEmail(req, res, url, dataDir, retryAsynchronously);
    return true;
  }
  if (method === 'POST' && url.pathname.startsWith('/chat/api/')) {
    await chatApi(req, res, url, agentChatsOf(dataDir, outbox));
    return true;
  }
  const participant = PARTICIPANT_ROUTE.exec(url.pathname);
  if (method === 'POST' && participant) {
    await participantService(req, res, participant[1] as ParticipantOperation, agentChatsOf(dataDir, outbox));
    return true;
  }
  const agent = AGENT_ROUTE.exec(url.pathname);
  if (method === 'POST' && agent) {
    await actAsAgent(req, res, agent[1] as string, agent[2] as 'messages' | 'end', agentChatsOf(dataDir, outbox));
    return true;
  }
  if (method === 'GET' && (url.pathname === '/chat' || url.pathname.startsWith('/chat/'))) {
    if (url.pathname === '/chat') {
      res.writeHead(301, { location: '/chat/' }).end();
      return true;
    }
    serveChatPage(res, url.pathname.slice('/chat/'.length) || 'index.html');
    return true;
  }
  return false;
}

/** Hands an event whose first attempt failed to the runtime's asynchronous invocations (retries, then the DLQ). */
export type RetryAsynchronously = (functionName: string, event: unknown) => void;

async function receiveEmail(req: IncomingMessage, res: ServerResponse, url: URL, dataDir: string, retryAsynchronously?: RetryAsynchronously): Promise<void> {
  const raw = await readBody(req, MAX_EMAIL_BYTES);
  if (raw === 'too_large') return json(res, 413, { message: `mail over ${MAX_EMAIL_BYTES} bytes is refused by SES` });
  if (raw.length === 0) return json(res, 400, { message: 'POST the raw MIME (.eml) as the body: curl --data-binary @events/email/foxmail-gb2312-new.eml' });
  const sesMessageId = createHash('sha256').update(raw).digest('hex').slice(0, 32);
  const dir = join(dataDir, 'mail', LOCAL_MAIL_PREFIX);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, sesMessageId), raw);
  const verdict = (name: 'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc') => ({ status: (url.searchParams.get(name) ?? 'PASS').toUpperCase() });
  const now = new Date().toISOString();
  const source = url.searchParams.get('source') ?? envelopeSenderOf(raw);
  const recipient = url.searchParams.get('to') ?? LOCAL_SERVICE_ADDRESS;
  const event = {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { timestamp: now, source, messageId: sesMessageId, destination: [recipient], headersTruncated: false, headers: [], commonHeaders: {} },
          receipt: {
            timestamp: now,
            processingTimeMillis: 1,
            recipients: [recipient],
            spamVerdict: verdict('spam'),
            virusVerdict: verdict('virus'),
            spfVerdict: verdict('spf'),
            dkimVerdict: verdict('dkim'),
            dmarcVerdict: verdict('dmarc'),
            action: { type: 'Lambda', functionArn: 'arn:aws:lambda:local:000000000000:function:email-inbound', invocationType: 'Event' },
          },
        },
      },
    ],
  };
  let result: unknown;
  try {
    result = await invoke(FUNCTION_CATALOG.emailInbound, event);
  } catch (error) {
    if (!retryAsynchronously) throw error;
    // SES invokes the function asynchronously: a failure is Lambda's to retry (then the DLQ), and the mail is accepted.
    retryAsynchronously(FUNCTION_CATALOG.emailInbound.name, event);
    return json(res, 202, { sesMessageId, accepted: true, failed: (error as Error).name, retrying: 'as Lambda retries an asynchronous invocation; then GET /dlq and npm run replay' });
  }
  json(res, 200, { sesMessageId, ...(result as object) });
}

/** The Return-Path the sending server gave (SES reports it as mail.source); empty for bounces. */
function envelopeSenderOf(raw: Buffer): string {
  const head = raw.subarray(0, 8192).toString('latin1');
  const match = /^Return-Path:\s*<([^>]*)>/im.exec(head);
  return match ? (match[1] ?? '') : '';
}

async function chatApi(req: IncomingMessage, res: ServerResponse, url: URL, agentChats: LocalAgentChats): Promise<void> {
  const body = await readBody(req, MAX_CHAT_REQUEST_BYTES);
  if (body === 'too_large') return json(res, 413, { reason: 'too_large', message: 'request body too large' });
  const now = Date.now();
  const event = {
    version: '2.0',
    routeKey: `POST ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')])),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      requestId: `local-${now}`,
      routeKey: `POST ${url.pathname}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      http: { method: 'POST', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: String(req.headers['user-agent'] ?? '') },
    },
    body: body.toString('utf8'),
    isBase64Encoded: false,
  };
  const result = (await invoke(FUNCTION_CATALOG.chatApi, event)) as { statusCode: number; headers: Record<string, string>; body: string };
  // A hand-over's participant token is what the Participant Service emulation accepts, and only that.
  if (url.pathname === '/chat/api/agent' && result.statusCode === 200) agentChats.open((JSON.parse(result.body) as { agent: HandedOver }).agent);
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
  res.end(result.body);
}

/** Connect's limit on one participant message. */
const MAX_PARTICIPANT_MESSAGE_CHARS = 1024;
const MAX_PARTICIPANT_REQUEST_BYTES = 16 * 1024;
const CONNECT_EVENT = 'application/vnd.amazonaws.connect.event';
const PARTICIPANT_ROUTE = /^\/chat\/participant\/(connection|message|transcript)$/;
const AGENT_ROUTE = /^\/chat\/agent\/([A-Za-z0-9-]{1,64})\/(messages|end)$/;
type ParticipantOperation = 'connection' | 'message' | 'transcript';

/** What `chat-api`'s `agent` action answers with (StartChatContact's output, from the outbox). */
interface HandedOver {
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
}

/** A Participant Service transcript item, the fields the page reads. */
interface TranscriptItem {
  readonly Id: string;
  readonly AbsoluteTime: string;
  readonly Type: 'MESSAGE' | 'EVENT';
  readonly ContentType: string;
  readonly Content?: string;
  readonly ParticipantId: string;
  readonly ParticipantRole: 'CUSTOMER' | 'AGENT' | 'SYSTEM';
  readonly DisplayName: string;
}

interface LocalAgentChat extends HandedOver {
  connectionToken?: string;
  agentJoined: boolean;
  ended: boolean;
  readonly transcript: TranscriptItem[];
  /** SendMessage's ClientToken → the item it created: a resent message is not recorded twice. */
  readonly sent: Map<string, TranscriptItem>;
}

/** A refusal as the Participant Service answers it (403 for a bad token, 400 for bad input), with a reason code. */
class LocalParticipantRefusalError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'LocalParticipantRefusalError';
  }
}

/**
 * The agent chats of one local runtime (by data dir), in memory: the
 * Participant Service's side for the customer (the page) and a stand-in for
 * the agent's workspace. The customer's messages go to the outbox as `chat`
 * entries, so a person reads them with `GET /outbox`.
 */
class LocalAgentChats {
  private readonly byContact = new Map<string, LocalAgentChat>();
  /** The runtime's own outbox: one journal, one sequence of message ids. */
  constructor(private readonly outbox: LocalOutbox) {}

  open(handedOver: HandedOver): void {
    const { contactId, participantId, participantToken } = handedOver;
    if (!this.byContact.has(contactId)) this.byContact.set(contactId, { contactId, participantId, participantToken, agentJoined: false, ended: false, transcript: [], sent: new Map() });
  }

  /** CreateParticipantConnection: the participant token from the hand-over buys a connection token. */
  connect(participantToken: string, body: Record<string, unknown>) {
    const chat = [...this.byContact.values()].find((c) => c.participantToken === participantToken);
    if (!participantToken || !chat) throw new LocalParticipantRefusalError(403, 'bad_token', 'the participant token is not one a hand-over issued');
    if (chat.ended) throw new LocalParticipantRefusalError(403, 'chat_ended', 'the chat has ended');
    if (!Array.isArray(body.Type) || !body.Type.includes('CONNECTION_CREDENTIALS')) throw new LocalParticipantRefusalError(400, 'type_required', 'Type must include CONNECTION_CREDENTIALS');
    if (!chat.connectionToken) {
      chat.connectionToken = `local-connection-${randomUUID()}`;
      this.append(chat, { Type: 'EVENT', ContentType: `${CONNECT_EVENT}.participant.joined`, ParticipantId: chat.participantId, ParticipantRole: 'CUSTOMER', DisplayName: 'Customer' });
    }
    return { ConnectionCredentials: { ConnectionToken: chat.connectionToken, Expiry: new Date(Date.now() + 86_400_000).toISOString() } };
  }

  /** SendMessage from the customer: into the transcript, and onto the outbox for a person to read. */
  customerMessage(connectionToken: string, body: Record<string, unknown>) {
    const chat = this.connected(connectionToken);
    if (chat.ended) throw new LocalParticipantRefusalError(403, 'chat_ended', 'the chat has ended');
    if (body.ContentType !== 'text/plain') throw new LocalParticipantRefusalError(400, 'unsupported_content_type', 'ContentType must be text/plain');
    const content = messageText(body.Content, 'Content');
    const clientToken = typeof body.ClientToken === 'string' ? body.ClientToken.slice(0, 500) : undefined;
    const earlier = clientToken ? chat.sent.get(clientToken) : undefined;
    if (earlier) return { Id: earlier.Id, AbsoluteTime: earlier.AbsoluteTime };
    const item = this.append(chat, { Type: 'MESSAGE', ContentType: 'text/plain', Content: content, ParticipantId: chat.participantId, ParticipantRole: 'CUSTOMER', DisplayName: 'Customer' });
    if (clientToken) chat.sent.set(clientToken, item);
    this.outbox.record('outbox', { channel: 'chat', to: `connect:contact/${chat.contactId}`, from: 'customer', text: content, attributes: { contactId: chat.contactId, participantRole: 'CUSTOMER', messageId: item.Id } });
    return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
  }

  /** GetTranscript: from StartPosition.Id (exclusive) forward, or the most recent items. */
  transcript(connectionToken: string, body: Record<string, unknown>) {
    const chat = this.connected(connectionToken);
    const max = body.MaxResults === undefined ? 10 : Number(body.MaxResults);
    if (!Number.isInteger(max) || max < 0 || max > 100) throw new LocalParticipantRefusalError(400, 'bad_max_results', 'MaxResults must be 0 to 100');
    const startId = (body.StartPosition as { Id?: unknown } | undefined)?.Id;
    let items: TranscriptItem[];
    if (typeof startId === 'string') {
      const at = chat.transcript.findIndex((item) => item.Id === startId);
      if (at < 0) throw new LocalParticipantRefusalError(400, 'unknown_start_position', 'StartPosition.Id is not in this transcript');
      items = body.ScanDirection === 'BACKWARD' ? chat.transcript.slice(Math.max(0, at - max), at) : chat.transcript.slice(at + 1, at + 1 + max);
    } else {
      items = body.ScanDirection === 'FORWARD' ? chat.transcript.slice(0, max) : chat.transcript.slice(-max || chat.transcript.length);
    }
    if (body.SortOrder !== 'ASCENDING') items = [...items].reverse();
    return { InitialContactId: chat.contactId, Transcript: items };
  }

  /** The agent (a person or a test, locally) answers; the first answer has the agent join. */
  agentMessage(contactId: string, body: Record<string, unknown>) {
    const chat = this.byContact.get(contactId);
    if (!chat) throw new LocalParticipantRefusalError(404, 'no_chat', `no agent chat ${contactId}; hand over with POST /chat/api/agent first`);
    if (chat.ended) throw new LocalParticipantRefusalError(409, 'chat_ended', 'the chat has ended');
    const text = messageText(body.text, 'text');
    this.agentJoins(chat);
    const item = this.append(chat, { Type: 'MESSAGE', ContentType: 'text/plain', Content: text, ParticipantId: 'local-agent', ParticipantRole: 'AGENT', DisplayName: '95598' });
    return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
  }

  /** The agent ends the chat (idempotent). */
  end(contactId: string) {
    const chat = this.byContact.get(contactId);
    if (!chat) throw new LocalParticipantRefusalError(404, 'no_chat', `no agent chat ${contactId}`);
    if (!chat.ended) {
      if (chat.agentJoined) this.append(chat, { Type: 'EVENT', ContentType: `${CONNECT_EVENT}.participant.left`, ParticipantId: 'local-agent', ParticipantRole: 'AGENT', DisplayName: '95598' });
      this.append(chat, { Type: 'EVENT', ContentType: `${CONNECT_EVENT}.chat.ended`, ParticipantId: 'local-system', ParticipantRole: 'SYSTEM', DisplayName: 'SYSTEM' });
      chat.ended = true;
    }
    return { contactId, ended: true };
  }

  private connected(connectionToken: string): LocalAgentChat {
    const chat = connectionToken ? [...this.byContact.values()].find((c) => c.connectionToken === connectionToken) : undefined;
    if (!chat) throw new LocalParticipantRefusalError(403, 'bad_token', 'the connection token is not one CreateParticipantConnection issued');
    return chat;
  }

  private agentJoins(chat: LocalAgentChat): void {
    if (chat.agentJoined) return;
    chat.agentJoined = true;
    this.append(chat, { Type: 'EVENT', ContentType: `${CONNECT_EVENT}.participant.joined`, ParticipantId: 'local-agent', ParticipantRole: 'AGENT', DisplayName: '95598' });
  }

  private append(chat: LocalAgentChat, item: Omit<TranscriptItem, 'Id' | 'AbsoluteTime'>): TranscriptItem {
    const full = { Id: `${chat.contactId.slice(0, 8)}-${chat.transcript.length + 1}`, AbsoluteTime: new Date().toISOString(), ...item };
    chat.transcript.push(full);
    return full;
  }
}

/** Message text as Connect takes it: 1 to 1,024 characters. */
function messageText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new LocalParticipantRefusalError(400, 'content_required', `${field} is required`);
  if (value.length > MAX_PARTICIPANT_MESSAGE_CHARS) throw new LocalParticipantRefusalError(400, 'content_too_long', `${field} is over ${MAX_PARTICIPANT_MESSAGE_CHARS} characters`);
  return value;
}

const agentChats = new Map<string, LocalAgentChats>();

function agentChatsOf(dataDir: string, outbox: LocalOutbox): LocalAgentChats {
  let chats = agentChats.get(dataDir);
  if (!chats) {
    chats = new LocalAgentChats(outbox);
    agentChats.set(dataDir, chats);
  }
  return chats;
}

async function participantService(req: IncomingMessage, res: ServerResponse, operation: ParticipantOperation, chats: LocalAgentChats): Promise<void> {
  // The Participant Service authenticates with X-Amz-Bearer: the participant token, then the connection token.
  const bearer = String(req.headers['x-amz-bearer'] ?? '');
  await answerJson(req, res, (body) => {
    if (operation === 'connection') return chats.connect(bearer, body);
    if (operation === 'message') return chats.customerMessage(bearer, body);
    return chats.transcript(bearer, body);
  });
}

async function actAsAgent(req: IncomingMessage, res: ServerResponse, contactId: string, action: 'messages' | 'end', chats: LocalAgentChats): Promise<void> {
  await answerJson(req, res, (body) => (action === 'messages' ? chats.agentMessage(contactId, body) : chats.end(contactId)));
}

/** Reads a JSON object body, runs `operation`, and answers with its result or its refusal. */
async function answerJson(req: IncomingMessage, res: ServerResponse, operation: (body: Record<string, unknown>) => unknown): Promise<void> {
  const raw = await readBody(req, MAX_PARTICIPANT_REQUEST_BYTES);
  if (raw === 'too_large') return json(res, 413, { reason: 'too_large', message: `request body over ${MAX_PARTICIPANT_REQUEST_BYTES} bytes` });
  let body: unknown;
  try {
    body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    return json(res, 400, { reason: 'not_json', message: 'the request body is not JSON' });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return json(res, 400, { reason: 'not_an_object', message: 'the request body must be a JSON object' });
  try {
    json(res, 200, operation(body as Record<string, unknown>));
  } catch (error) {
    if (!(error instanceof LocalParticipantRefusalError)) throw error;
    json(res, error.status, { reason: error.reason, message: error.message });
  }
}

function serveChatPage(res: ServerResponse, file: string): void {
  const path = resolve(CHAT_PAGE_DIR, file);
  if (!path.startsWith(CHAT_PAGE_DIR + sep) || !existsSync(path) || !CONTENT_TYPES[extname(path)]) return json(res, 404, { message: `No such page: /chat/${file}` });
  const content = readFileSync(path);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] as string,
    'content-length': content.length,
    // What CloudFront's response headers policy sends in AWS: no inline script, nothing from elsewhere.
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(content);
}

async function invoke(entry: CatalogEntry, event: unknown): Promise<unknown> {
  const module = (await import(pathToFileURL(join(ROOT, entry.entry)).href)) as { handler: (event: unknown, context: Context) => Promise<unknown> };
  const requestId = createHash('sha256').update(`${entry.name}#${Date.now()}#${Math.random()}`).digest('hex').slice(0, 32);
  const context = lambdaContext(entry.name, requestId, Date.now() + 30_000);
  return module.handler(event, context);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

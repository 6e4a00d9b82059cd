import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTION_CATALOG, type CatalogEntry } from '../lib/function-catalog';

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
  };
}

/**
 * The local gateway for the web channels:
 * - `POST /email` (raw .eml body; `?spam=FAIL&virus=...&spf=...&source=...`): stores the mail where
 *   SES's S3 action would, then invokes `email-inbound` with a real-shaped receipt event.
 *   The SES message id is derived from the content, so posting the same file again is a redelivery.
 * - `GET /chat/`: the chat page; `POST /chat/api/*`: `chat-api` with an HTTP API (2.0) event.
 * Returns false when the request is not one of these.
 */
export async function routeWebChannels(req: IncomingMessage, res: ServerResponse, url: URL, dataDir: string): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (method === 'POST' && url.pathname === '/email') {
    await receiveEmail(req, res, url, dataDir);
    return true;
  }
  if (method === 'POST' && url.pathname.startsWith('/chat/api/')) {
    await chatApi(req, res, url);
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

async function receiveEmail(req: IncomingMessage, res: ServerResponse, url: URL, dataDir: string): Promise<void> {
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
  const result = await invoke(FUNCTION_CATALOG.emailInbound, event);
  json(res, 200, { sesMessageId, ...(result as object) });
}

/** The Return-Path the sending server gave (SES reports it as mail.source); empty for bounces. */
function envelopeSenderOf(raw: Buffer): string {
  const head = raw.subarray(0, 8192).toString('latin1');
  const match = /^Return-Path:\s*<([^>]*)>/im.exec(head);
  return match ? (match[1] ?? '') : '';
}

async function chatApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
  res.end(result.body);
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
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: entry.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${entry.name}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${entry.name}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => 30_000,
  } as unknown as Context;
  return module.handler(event, context);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return size > maxBytes ? 'too_large' : Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

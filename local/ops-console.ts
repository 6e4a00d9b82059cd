/**
 * The ops console locally (issue 16): the page at `/ops/` from `web/ops`,
 * its charting library from the installed npm package (`/ops/vendor/`), the
 * `config.json` the CDK deployment writes in AWS (here: the demo sign-in),
 * and the ops API on the same origin under `/ops/api/`, as CloudFront
 * serves it, so the page calls `api/<route>` in both places.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { OPS_CONSOLE_DIR, OPS_CONSOLE_VENDOR, opsConsoleConfig } from '../lib/ops-console-config';
import { opsConsoleCsp } from '../lib/page-csp';
import { LOCAL_ACCESS_CLIENT_ID } from './identity';
import { sendJson } from './http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};
const API_PREFIX = '/ops/api/';

/**
 * Answers `/ops`, `/ops/...` (the page) and `/ops/api/...` (the ops API,
 * through `answerOpsApi` with the prefix taken off); false for anything else.
 */
export async function routeOpsConsole(req: IncomingMessage, res: ServerResponse, url: URL, answerOpsApi: (url: URL) => Promise<void>): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith(API_PREFIX)) {
    const inner = new URL(url);
    inner.pathname = `/${url.pathname.slice(API_PREFIX.length)}`;
    await answerOpsApi(inner);
    return true;
  }
  if (url.pathname !== '/ops' && !url.pathname.startsWith('/ops/')) return false;
  req.resume();
  if (method !== 'GET' && method !== 'HEAD') {
    sendJson(res, 405, { message: `${method} ${url.pathname}: the console's files are read-only` });
    return true;
  }
  if (url.pathname === '/ops') {
    res.writeHead(301, { location: '/ops/' }).end();
    return true;
  }
  const file = decodeURIComponent(url.pathname.slice('/ops/'.length)) || 'index.html';
  if (file === 'config.json') {
    sendPage(res, '.json', Buffer.from(JSON.stringify(opsConsoleConfig({ signIn: 'local', localLogin: '/local/login', tokenEndpoint: '/local/oauth2/token', clientId: LOCAL_ACCESS_CLIENT_ID }, process.env.TIME_ZONE))));
    return true;
  }
  const vendored = file.startsWith('vendor/') ? OPS_CONSOLE_VENDOR[file.slice('vendor/'.length)] : undefined;
  const path = vendored ?? resolve(OPS_CONSOLE_DIR, file);
  if ((!vendored && !path.startsWith(OPS_CONSOLE_DIR + sep)) || !existsSync(path) || !CONTENT_TYPES[extname(path)]) {
    sendJson(res, 404, { message: `No such page: /ops/${file}` });
    return true;
  }
  sendPage(res, extname(path), readFileSync(path));
  return true;
}

function sendPage(res: ServerResponse, extension: string, content: Buffer): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extension] as string,
    'content-length': content.length,
    // Files change while someone edits them locally; CloudFront caches them for minutes in AWS.
    'cache-control': 'no-cache',
    // What CloudFront's response headers policy sends in AWS (lib/page-csp.ts).
    'content-security-policy': opsConsoleCsp(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(content);
}

/**
 * The ops API locally (issue 11): `/tickets...` over HTTP becomes the API
 * Gateway proxy event `ops-api` receives in AWS, and the runtime stands in
 * for the Cognito user pool: `POST /local/login` signs a demo token (and a
 * refresh token) for a role, `POST /local/oauth2/token` renews it as the
 * pool's token endpoint does, `GET /local/.well-known/jwks.json` serves the key the ops API's
 * verifier fetches.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerThroughApiGateway } from './api-gateway';
import { LOCAL_ACCESS_CLIENT_ID, LocalIdentity, LocalLoginError, LocalTokenGrantError } from './identity';
import { sendJson } from './http';

const OPS_PATH = /^\/(tickets|work-orders|chases|callbacks|handover|indicators|quality)(\/|$)/;
const MAX_LOGIN_BYTES = 4096;

/**
 * The local issuer at `<url>/local`, and the variables that point the ops API's verifier at it.
 *
 * @example
 * const identity = localIdentity('http://127.0.0.1:3000');
 */
export function localIdentity(url: string): { identity: LocalIdentity; environment: Record<string, string> } {
  const identity = new LocalIdentity(`${url}/local`);
  return { identity, environment: { ACCESS_ISSUER: identity.issuer, ACCESS_JWKS_URI: identity.jwksUri, ACCESS_CLIENT_ID: LOCAL_ACCESS_CLIENT_ID } };
}

/** Answers the ops routes and the local sign-in; false when the request is not one of them. */
export async function routeOps(req: IncomingMessage, res: ServerResponse, url: URL, identity: LocalIdentity): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/local/.well-known/jwks.json') {
    req.resume();
    sendJson(res, 200, identity.jwks());
    return true;
  }
  if (method === 'POST' && url.pathname === '/local/login') {
    await login(req, res, identity);
    return true;
  }
  if (method === 'POST' && url.pathname === '/local/oauth2/token') {
    await token(req, res, identity);
    return true;
  }
  if (!OPS_PATH.test(url.pathname)) return false;
  const { handler } = await import('../functions/ops/handlers/ops-api');
  await answerThroughApiGateway(req, res, url, handler, 'ops-api');
  return true;
}

async function readSmallBody(req: IncomingMessage): Promise<string | undefined> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (text.length <= MAX_LOGIN_BYTES) text += chunk.toString('utf8');
  }
  return text.length > MAX_LOGIN_BYTES ? undefined : text;
}

async function login(req: IncomingMessage, res: ServerResponse, identity: LocalIdentity): Promise<void> {
  const text = await readSmallBody(req);
  if (text === undefined) return sendJson(res, 413, { message: `body: at most ${MAX_LOGIN_BYTES} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendJson(res, 400, { message: 'body: a JSON object {"role": ..., "department"?: ...} is required' });
  }
  try {
    const { idToken, refreshToken } = identity.signIn(body);
    sendJson(res, 200, { token: idToken, refreshToken });
  } catch (error) {
    if (error instanceof LocalLoginError) return sendJson(res, 400, { message: error.message });
    throw error;
  }
}

/**
 * `POST /local/oauth2/token`: the user pool's token endpoint for the refresh
 * token grant (a form body), answering as Cognito does: `id_token` and
 * `expires_in`, or 400 with `error` (`invalid_grant` when the session is over).
 */
async function token(req: IncomingMessage, res: ServerResponse, identity: LocalIdentity): Promise<void> {
  const text = await readSmallBody(req);
  if (text === undefined) return sendJson(res, 413, { error: 'invalid_request', error_description: `body: at most ${MAX_LOGIN_BYTES} bytes` });
  try {
    const idToken = identity.refresh(Object.fromEntries(new URLSearchParams(text)));
    sendJson(res, 200, { id_token: idToken, expires_in: 3600, token_type: 'Bearer' });
  } catch (error) {
    if (error instanceof LocalTokenGrantError) return sendJson(res, 400, { error: error.error, error_description: error.message });
    throw error;
  }
}


/**
 * Any path to the ops API, whatever routes the runtime knows of: the ops
 * console's `/ops/api/*` (prefix taken off), so a route the API lacks answers
 * the API's own 404.
 */
export async function answerOpsApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const [{ handler }, { now }] = await Promise.all([import('../functions/ops/handlers/ops-api'), import('../functions/shared/time')]);
  // The console counts its clocks from the API's Date header: here the runtime's movable clock, as the functions read it.
  res.setHeader('date', now().toUTCString());
  await answerThroughApiGateway(req, res, url, handler, 'ops-api');
}

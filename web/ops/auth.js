/* global TextDecoder, TextEncoder, URL, URLSearchParams, atob, btoa, crypto, fetch, history, location, sessionStorage */
// Signing in. Locally: the runtime's demo sign-in (POST /local/login with a
// role and department). In AWS: the Cognito user pool's hosted UI with the
// authorization code and PKCE (no client secret in a page). Either way the
// page keeps an ID token and its refresh token for this tab only
// (sessionStorage) and reads the groups to pick the views; the API checks
// every request itself. An ID token lives an hour: the page renews it with
// the refresh token grant at the token endpoint (the pool's, or the
// runtime's stand-in), the same request in both places.

const KEY = 'opsSession';
const PKCE_KEY = 'opsPkce';

/** The session could not be renewed (the refresh token expired or was revoked): sign in again. */
export class SessionEndedError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'SessionEndedError';
  }
}

/** The signed-in session of this tab, or undefined (none, or expired with nothing to renew it). */
export function currentSession() {
  const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  if (!session || (!session.refreshToken && tokenExpiresSoon(session, 0))) return undefined;
  return session;
}

/** Whether the session's ID token expires within `marginMs` (by this browser's clock). */
export function tokenExpiresSoon(session, marginMs = 60_000) {
  return !session?.expiresAt || session.expiresAt * 1000 - marginMs <= Date.now();
}

export function signOutLocally() {
  sessionStorage.removeItem(KEY);
}

/** Who a token says the user is (display only: the API decides). */
export function sessionFrom(token) {
  const claims = JSON.parse(new TextDecoder().decode(base64UrlBytes(token.split('.')[1] ?? '')));
  const groups = claims['cognito:groups'] ?? [];
  const departmentGroup = groups.find((g) => g.startsWith('department:'))?.slice('department:'.length);
  const role = departmentGroup ? 'department' : groups[0];
  const department = departmentGroup ?? claims['custom:department'];
  const departmentId = role === 'discipline_office' ? 'discipline-office' : department;
  return { token, role, departmentId, subject: claims.sub, name: claims.name ?? claims['cognito:username'] ?? claims.sub, expiresAt: claims.exp };
}

function remember(token, refreshToken) {
  const session = { ...sessionFrom(token), refreshToken };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/**
 * A new ID token for the session: the refresh token grant at the token
 * endpoint (`<hosted UI>/oauth2/token` in AWS, the runtime's locally).
 * SessionEndedError when the endpoint refuses it (400/401: expired or revoked);
 * a network failure is thrown as it is (the caller says "unreachable").
 */
export async function refreshSession(config, session) {
  if (!session?.refreshToken) throw new SessionEndedError('no refresh token');
  const endpoint = config.tokenEndpoint ?? new URL('/oauth2/token', config.cognito.domain).toString();
  const clientId = config.clientId ?? config.cognito.clientId;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: session.refreshToken }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (response.status === 400 || response.status === 401) throw new SessionEndedError(tokens.error ?? `HTTP ${response.status}`);
  if (!response.ok || !tokens.id_token) throw new Error(tokens.error ?? `HTTP ${response.status}`);
  // Cognito answers a new refresh token only when rotation is on; otherwise the one held stays good.
  return remember(tokens.id_token, tokens.refresh_token ?? session.refreshToken);
}

/** The local demo sign-in: a token for the role (and department). */
export async function localSignIn(config, role, department) {
  const response = await fetch(config.localLogin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(role === 'department' ? { role, department } : { role }) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.token) throw new Error(body.message ?? `HTTP ${response.status}`);
  return remember(body.token, body.refreshToken);
}

/** Sends the browser to the hosted UI (authorization code with PKCE S256). */
export async function cognitoSignIn(config) {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, hash: location.hash }));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL('/oauth2/authorize', config.cognito.domain);
  url.search = new URLSearchParams({ response_type: 'code', client_id: config.cognito.clientId, redirect_uri: redirectUri(), scope: 'openid email profile', state, code_challenge: challenge, code_challenge_method: 'S256' }).toString();
  location.assign(url.toString());
}

/** Back from the hosted UI with ?code=&state=: the code for tokens, once; undefined if this is not that return. */
export async function completeCognitoSignIn(config) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code || config.signIn !== 'cognito') return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname + (pending?.hash ?? ''));
  if (!pending || pending.state !== params.get('state')) throw new Error('sign-in state does not match; sign in again');
  const response = await fetch(new URL('/oauth2/token', config.cognito.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.cognito.clientId, code, redirect_uri: redirectUri(), code_verifier: pending.verifier }),
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.id_token) throw new Error(tokens.error ?? `HTTP ${response.status}`);
  return remember(tokens.id_token, tokens.refresh_token);
}

/** Where the hosted UI signs out to (back to the console). */
export function cognitoSignOutUrl(config) {
  const url = new URL('/logout', config.cognito.domain);
  url.search = new URLSearchParams({ client_id: config.cognito.clientId, logout_uri: redirectUri() }).toString();
  return url.toString();
}

function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlBytes(text) {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

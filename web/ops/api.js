/* global fetch */
// The ops API, same origin under api/. Reads are conditional: the ETag the
// API sent comes back as If-None-Match, and a 304 (or an identical body)
// answers "unchanged" so a view redraws only what changed. When the API
// cannot be reached the last answer stays on screen and the app says so.
// An ID token about to expire is renewed before the request; a 401 renews it
// once and sends the request again; a second 401, or a renewal refused,
// signs the page out with the reason.

/** A refusal from the API (4xx/5xx), with what it said: message, field, state. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.field = body?.field;
    this.state = body?.state;
    this.problems = body?.problems;
  }
}

/** The API did not answer (network down, gateway 502/503/504). */
export class ApiUnreachableError extends Error {
  constructor(options) {
    super('ops API unreachable', options);
    this.name = 'ApiUnreachableError';
  }
}

const GATEWAY_DOWN = new Set([502, 503, 504]);

export class Api {
  /**
   * @param {{ base: string, token: () => string | undefined, expiresSoon?: () => boolean, renew?: () => Promise<string>, onReachable: (reachable: boolean) => void, onSignedOut: (reason: 'expired') => void, onServerTime?: (skewMs: number) => void }} options
   */
  constructor(options) {
    this.options = options;
    this.cache = new Map();
    this.renewing = undefined;
  }

  /** One renewal at a time: the board's parallel reads share it. Undefined when it was refused (signed out). */
  async renewOnce() {
    if (!this.options.renew) return undefined;
    this.renewing ??= this.options.renew().finally(() => { this.renewing = undefined; });
    try {
      return await this.renewing;
    } catch (error) {
      if (error?.name === 'SessionEndedError') return undefined;
      this.options.onReachable(false);
      throw new ApiUnreachableError({ cause: error });
    }
  }

  /**
   * GET a path: `{ data, changed }`, changed false when the API answered 304 or the same body.
   * @example const { data, changed } = await api.get('work-orders');
   */
  async get(path, { accept } = {}) {
    const cached = this.cache.get(path);
    const headers = { accept: accept ?? 'application/json' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    const response = await this.send(path, { method: 'GET', headers });
    if (response.status === 304 && cached) return { data: cached.data, changed: false };
    const text = await response.text();
    const body = parse(text);
    if (!response.ok) throw this.refused(response.status, body);
    const changed = !cached || cached.text !== text;
    this.cache.set(path, { etag: response.headers.get('etag') ?? undefined, text, data: body });
    return { data: body, changed };
  }

  /** POST a JSON body; the answer's body, or ApiError with the API's reason. */
  async post(path, body) {
    const response = await this.send(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body ?? {}) });
    const answer = parse(await response.text());
    if (!response.ok) throw this.refused(response.status, answer);
    return answer;
  }

  async send(path, init) {
    if (this.options.expiresSoon?.() && !(await this.renewOnce())) return this.signedOut();
    let response = await this.fetchWith(path, init, this.options.token());
    if (response.status === 401 && this.options.renew) {
      const renewed = await this.renewOnce();
      if (!renewed) return this.signedOut();
      response = await this.fetchWith(path, init, renewed);
      if (response.status === 401) return this.signedOut();
    }
    if (GATEWAY_DOWN.has(response.status)) {
      this.options.onReachable(false);
      throw new ApiUnreachableError();
    }
    this.options.onReachable(true);
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(date)) this.options.onServerTime?.(date - Date.now());
    return response;
  }

  async fetchWith(path, init, token) {
    const headers = { ...init.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetch(this.options.base + path, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      this.options.onReachable(false);
      throw new ApiUnreachableError({ cause: error });
    }
  }

  signedOut() {
    this.cache.clear();
    this.options.onSignedOut('expired');
    throw new ApiError(401, { message: 'session expired' });
  }

  refused(status, body) {
    if (status === 401) this.options.onSignedOut('expired');
    return new ApiError(status, body);
  }
}

function parse(text) {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

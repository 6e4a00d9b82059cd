/* global fetch */
// The ops API, same origin under api/. Reads are conditional: the ETag the
// API sent comes back as If-None-Match, and a 304 (or an identical body)
// answers "unchanged" so a view redraws only what changed. When the API
// cannot be reached the last answer stays on screen and the app says so.

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
   * @param {{ base: string, token: () => string | undefined, onReachable: (reachable: boolean) => void, onSignedOut: () => void, onServerTime?: (skewMs: number) => void }} options
   */
  constructor(options) {
    this.options = options;
    this.cache = new Map();
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
    const token = this.options.token();
    if (token) init.headers.authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch(this.options.base + path, { ...init, cache: 'no-store' });
    } catch (error) {
      this.options.onReachable(false);
      throw new ApiUnreachableError({ cause: error });
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

  refused(status, body) {
    if (status === 401) this.options.onSignedOut();
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

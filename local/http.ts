import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request body up to `maxBytes`, or `'too_large'` (declared or sent): the
 * rest is drained unread so the client can still read the answer.
 *
 * @example
 * const body = await readBody(req, 64 * 1024);
 * if (body === 'too_large') return sendJson(res, 413, { message: 'too large' });
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return 'too_large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    // Keep draining so the client can read the answer, but hold nothing more.
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? 'too_large' : Buffer.concat(chunks);
}

/** A JSON answer of the local routes, indented for a person reading curl's output. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import { readBody, sendJson } from './http';
import { lambdaContext } from './lambda-context';

type ProxyHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Answers an HTTP request the way API Gateway (REST, proxy integration)
 * would: the function gets the same proxy event it gets in AWS and its
 * answer goes back as status, headers and body. The body is read up to
 * `maxBytes` (API Gateway's 10 MB); a larger one is cut and flagged so the
 * function's own limit answers, as in AWS where the gateway itself refuses it.
 *
 * @example
 * await answerThroughApiGateway(req, res, url, (await import('../functions/outages/handlers/outage-api')).handler, 'outage-api');
 */
export async function answerThroughApiGateway(req: IncomingMessage, res: ServerResponse, url: URL, handler: ProxyHandler, functionName: string, maxBytes = 10 * 1024 * 1024): Promise<void> {
  const read = await readBody(req, maxBytes);
  if (read === 'too_large') return sendJson(res, 413, { message: `Request too long: API Gateway takes at most ${maxBytes} bytes` });
  const body = read.toString('utf8');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  // The gateway sets the length of what it forwards.
  headers['content-length'] = String(Buffer.byteLength(body));
  const requestId = `local-${Date.now().toString(36)}`;
  const event = {
    resource: url.pathname,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders: null,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: { stage: 'local', httpMethod: req.method ?? 'GET', path: url.pathname, domainName: '127.0.0.1', requestId },
  };
  const response = (await handler(event, lambdaContext(functionName, requestId))) as { statusCode: number; headers?: Record<string, string>; body: string };
  res.writeHead(response.statusCode, { 'Content-Type': 'application/json', ...response.headers });
  res.end(response.body);
}

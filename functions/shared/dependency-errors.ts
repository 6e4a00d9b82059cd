/**
 * Whether an error is a dependency failing for now (DynamoDB, SQS, SNS, S3
 * throttling, conflicting, timing out, unreachable, or failing on its side)
 * rather than a fault of the request or of the code. HTTP APIs answer such an
 * error 503 with Retry-After: the transaction of a contact is all or nothing,
 * and its key comes from the request, so the caller's retry is safe.
 *
 * Judged by what the SDK puts on every service error (`$metadata`, `$fault`,
 * `$retryable`) and by the error's class name, never by its message.
 */

/** Service errors the SDK marks as the client's fault that are nevertheless transient. */
const TRANSIENT_SERVICE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'TransactionConflictException',
  'TransactionCanceledException',
  'TransactionInProgressException',
  'LimitExceededException',
  'KMSThrottlingException',
  'SlowDown',
]);

/** What Node's and the SDK's HTTP layers throw when the service cannot be reached or does not answer. */
const TRANSIENT_NETWORK_ERRORS = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);

/**
 * @example
 * isDependencyFailure(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} })); // true
 * isDependencyFailure(new TypeError('x is undefined')); // false
 */
export function isDependencyFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $metadata?: unknown; $fault?: string; $retryable?: unknown; code?: unknown };
  if (e.$metadata !== undefined && e.$fault !== undefined) return e.$fault === 'server' || e.$retryable !== undefined || TRANSIENT_SERVICE_ERRORS.has(e.name);
  return TRANSIENT_NETWORK_ERRORS.has(e.name) || (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code));
}

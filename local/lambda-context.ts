import type { Context } from 'aws-lambda';

/**
 * The Lambda context for a function the local runtime runs in-process: the
 * Invoke API, the API Gateway stand-in, the planner queue and the web
 * channels all build it here. `deadline` (epoch ms) is what
 * `getRemainingTimeInMillis` counts down to; default 15 minutes from now.
 *
 * @example
 * await handler(event, lambdaContext('outage-api', 'local-1'));
 */
export function lambdaContext(functionName: string, awsRequestId: string, deadline = Date.now() + 900_000): Context {
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { LOCAL_AWS } from '../local/dynamodb-local';
import { runningRuntime } from '../local/runtime';

/**
 * `npm run invoke -- <function-name> <event-file> [--url URL] [--data-dir DIR]`:
 * sends a sample event through the Lambda Invoke API of the running local
 * runtime (`npm start`) and prints what the function returned. Without
 * `--url` it goes where the runtime of DIR (default `.local`) says it
 * listens, whatever port it was started on.
 */
const USAGE = 'usage: npm run invoke -- <function-name> <event-file> [--url http://127.0.0.1:3000] [--data-dir .local]';

/** `--url`, else the running runtime's own record, else `PORT` or 3000. */
function targetUrl(url: string | undefined, dataDir: string): string {
  if (url) return url;
  return runningRuntime(dataDir)?.url ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, 'data-dir': { type: 'string', default: '.local' } },
  });
  const url = targetUrl(values.url, values['data-dir']);
  const [functionName, eventFile] = positionals;
  if (!functionName || !eventFile || positionals.length > 2) {
    console.error(USAGE);
    return 2;
  }
  let payload: string;
  try {
    payload = readFileSync(eventFile, 'utf8');
    JSON.parse(payload);
  } catch (error) {
    console.error(`cannot use ${eventFile} as an event: ${(error as Error).message}`);
    return 2;
  }

  const lambda = new LambdaClient({ ...LOCAL_AWS, endpoint: url, maxAttempts: 1 });
  try {
    const output = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(payload) }));
    const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
    console.log(pretty(text));
    if (output.FunctionError) {
      console.error(`function error (${output.FunctionError})`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (isConnectionRefused(error)) {
      console.error(`No local runtime answers at ${url}. Run \`npm start\` first (in another terminal), then invoke again.`);
    } else if (error instanceof ResourceNotFoundException) {
      console.error(`${error.message}. Known functions are listed in lib/function-catalog.ts and in the banner of \`npm start\`.`);
    } else {
      console.error(`invoke failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    return 1;
  } finally {
    lambda.destroy();
  }
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function isConnectionRefused(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (code === 'ECONNREFUSED') return true;
  // Node reports a dual-stack `localhost` failure as an AggregateError of both attempts.
  if (Array.isArray(errors) && errors.some(isConnectionRefused)) return true;
  return cause !== undefined && isConnectionRefused(cause);
}

main().then((code) => process.exit(code));

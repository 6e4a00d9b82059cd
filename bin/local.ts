import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../local/runtime';

/**
 * `npm start [-- --fresh] [--port N] [--data-dir DIR] [--customers FILE] [--json-logs]`: the whole
 * system on this machine (local/runtime.ts). Data persists in DIR between runs unless --fresh; the
 * runtime writes where it listens into DIR/runtime.json, which `npm run invoke` follows.
 */
const USAGE = 'usage: npm start -- [--fresh] [--port N] [--data-dir DIR] [--customers FILE.csv|FILE.jsonl] [--json-logs]';

function parseOptions() {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'data-dir': { type: 'string', default: '.local' },
      customers: { type: 'string' },
      'json-logs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0-65535, got "${values.port}"`);
  return { fresh: values.fresh, port, dataDir: values['data-dir'], customersFile: values.customers, jsonLogs: values['json-logs'] };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const runtime = await startLocalRuntime(options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping (DynamoDB Local, server)...`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('local runtime did not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && error.message.includes('EADDRINUSE')) console.error('the port is taken: try --port 0 or PORT=3001');
  process.exit(1);
});

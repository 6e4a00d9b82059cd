/**
 * The log tag key, read at run time through Powertools Parameters (Secrets
 * Manager, cached per container) instead of being resolved into the
 * function's environment, where anyone who can read the function's
 * configuration would see it.
 */
import type middy from '@middy/core';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { LogTagKeyMissingError, useLogTagKey } from './fingerprint';

/** How long a container keeps the key before reading it again (it is never rotated; this bounds a replacement's delay). */
const KEY_MAX_AGE_SECONDS = 900;

let provider: SecretsProvider | undefined;
let providerRegion: string | undefined;

/**
 * Loads the key named by `LOG_TAG_KEY_SECRET` (in `LOG_TAG_KEY_REGION`, the
 * stage region, which may not be the function's) and makes it the key of
 * this container. Without `LOG_TAG_KEY_SECRET` (local runtime, tests) it does
 * nothing: `LOG_TAG_KEY` is then the key, and with neither every tag throws
 * LogTagKeyMissingError. A secret that cannot be read throws the same error.
 *
 * @example
 * await loadLogTagKey(process.env);
 */
export async function loadLogTagKey(env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const name = env.LOG_TAG_KEY_SECRET;
  if (!name) return;
  const region = env.LOG_TAG_KEY_REGION || undefined;
  if (!provider || providerRegion !== region) {
    provider = new SecretsProvider(region ? { clientConfig: { region } } : {});
    providerRegion = region;
  }
  let key: unknown;
  try {
    key = await provider.get(name, { maxAge: KEY_MAX_AGE_SECONDS });
  } catch (error) {
    throw new LogTagKeyMissingError(`The log tag key ${name} could not be read`, { cause: error });
  }
  if (typeof key !== 'string' || key === '') throw new LogTagKeyMissingError(`The log tag key ${name} is empty or not a string`);
  useLogTagKey(key);
}

/**
 * Middleware that loads the log tag key before the handler runs (cached, so
 * a warm container reads Secrets Manager once per 15 minutes).
 *
 * @example
 * export const handler = middy(run).use(injectLambdaContext(logger)).use(logTagKey());
 */
export function logTagKey(): middy.MiddlewareObj {
  return {
    before: async () => {
      await loadLogTagKey();
    },
  };
}

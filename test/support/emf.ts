import { vi } from 'vitest';

/**
 * The EMF lines a function printed while `run` ran (what CloudWatch Logs
 * turns into metrics). The suite turns metrics off (vitest.config.ts); they
 * are on for `run` and back as they were after it.
 *
 * @example
 * const [line] = await emfLinesDuring(() => handler(event, context));
 */
export async function emfLinesDuring(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const before = process.env.POWERTOOLS_METRICS_DISABLED;
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const writes = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await run();
    return writes.mock.calls
      .map(([chunk]) => String(chunk))
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } finally {
    writes.mockRestore();
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', before);
  }
}

/**
 * zod/mini's `z.iso.datetime`, reached without the `iso` namespace: a
 * bundle that reads `z.iso.datetime` keeps the whole namespace (the date,
 * time and duration schemas and their regexes), as esbuild cannot drop the
 * unused members of a namespace re-exported through another. The same
 * schema class (`z.ZodMiniISODateTime`), checks and messages, built by the
 * zod core function `z.iso.datetime` calls; 1.2 KiB less in each bundle
 * that validates an instant (measured in the commit that made it).
 */
import * as z from 'zod/mini';
import { _isoDateTime } from 'zod/v4/core';

/**
 * An ISO 8601 date and time, as `z.iso.datetime(params)`.
 *
 * @example
 * const Instant = isoDateTime({ offset: true });
 */
export function isoDateTime(params?: Parameters<typeof z.iso.datetime>[0]): z.ZodMiniISODateTime {
  return _isoDateTime(z.ZodMiniISODateTime, params);
}

import * as z from 'zod/mini';
import { isoDateTime } from '../shared/iso-datetime';

const Instant = isoDateTime({ offset: true });
const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const Cause = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));

/** POST /outages: what grid operations sends. Semantics (7 days ahead, ETR after now) are checked by the use case. */
export const DeclareOutageSchema = z.object({
  outageId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, 'outageId: 3-64 letters, digits, - or _')),
  kind: z.enum(['planned', 'unplanned']),
  areas: z._default(z.array(Name).check(z.maxLength(200)), []),
  feeders: z._default(z.array(Name).check(z.maxLength(2000)), []),
  cause: z.object({ 'zh-CN': Cause, en: Cause }),
  /** Required for unplanned outages; a planned one defaults to the end of its window. */
  etr: z.optional(Instant),
  /** Planned outages only: the supply interruption window. */
  window: z.optional(z.object({ start: Instant, end: Instant })),
});
export type DeclareOutageRequest = z.infer<typeof DeclareOutageSchema>;

/** PUT /outages/{id}/etr */
export const UpdateEtrSchema = z.object({ etr: Instant });
export type UpdateEtrRequest = z.infer<typeof UpdateEtrSchema>;

/** POST /outages/{id}/restore: the body is optional; `restoredAt` defaults to now. */
export const RestoreOutageSchema = z.object({ restoredAt: z.optional(Instant) });
export type RestoreOutageRequest = z.infer<typeof RestoreOutageSchema>;

/** POST /outages/{id}/confirm (issue 13): a suspected outage becomes a declared one. Extent defaults to its feeder. */
export const ConfirmSuspicionSchema = z.object({
  cause: z.object({ 'zh-CN': Cause, en: Cause }),
  etr: Instant,
  feeders: z.optional(z.array(Name).check(z.maxLength(2000))),
  areas: z.optional(z.array(Name).check(z.maxLength(200))),
});
export type ConfirmSuspicionRequest = z.infer<typeof ConfirmSuspicionSchema>;

/** POST /outages/{id}/merge: into a declared, active outage. */
export const MergeSuspicionSchema = z.object({ into: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, 'into: an outage id')) });

/** POST /outages/{id}/reject: the body is optional. */
export const RejectSuspicionSchema = z.object({ reason: z.optional(z.string().check(z.trim(), z.maxLength(500))) });

/** PUT /storm-mode: operators switch the lower suspicion threshold on or off. */
export const StormModeSchema = z.object({ on: z.boolean(), threshold: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))) });

import * as z from 'zod/mini';
import { TICKET_TYPES } from './ticket';

/**
 * `POST /tickets/{id}/corrections` on the ops API: a correction of the type
 * and/or key fields (a key field left out of `keyFields` is cleared). Who
 * corrects is the signed-in user (the token's subject), never the body.
 *
 * @example
 * CorrectionBodySchema.parse({ type: 'fault_report' });
 */
export const CorrectionBodySchema = z
  .object({
    type: z.optional(z.enum(TICKET_TYPES)),
    keyFields: z.optional(
      z.strictObject({
        account: z.optional(z.string().check(z.regex(/^\d{10}$/, 'must be 10 digits'))),
        phone: z.optional(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +8613800138000'))),
        address: z.optional(z.string().check(z.maxLength(200))),
      }),
    ),
  })
  .check(z.refine((body) => body.type !== undefined || body.keyFields !== undefined, { message: 'give a type, keyFields or both', path: ['type'] }));
export type CorrectionBody = z.infer<typeof CorrectionBodySchema>;

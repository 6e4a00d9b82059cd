import * as z from 'zod/mini';
import { isoDateTime } from '../shared/iso-datetime';

const Verdict = z.object({ status: z.string() });

/**
 * The SES receipt event a Lambda action receives (one record). The raw MIME
 * is not in it: an S3 action earlier in the same rule stored it under
 * `<prefix><mail.messageId>`.
 * Hand-rolled on purpose: Powertools' parser `SesSchema` is built on the full `zod`: one envelope and schema
 * bundle to ~456 KB minified, against ~15 KB for these zod/mini ones, past the 1.15x
 * bundle budget (bench/run.ts).
 */
export const SesEventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses'),
        ses: z.object({
          mail: z.object({
            timestamp: isoDateTime({ offset: true }),
            /** The envelope sender (MAIL FROM); empty for bounces. */
            source: z.string(),
            messageId: z.string().check(z.minLength(1), z.maxLength(200)),
            destination: z.array(z.string()),
          }),
          receipt: z.object({
            timestamp: isoDateTime({ offset: true }),
            recipients: z.array(z.string()).check(z.minLength(1)),
            spamVerdict: Verdict,
            virusVerdict: Verdict,
            spfVerdict: Verdict,
            dkimVerdict: Verdict,
            dmarcVerdict: Verdict,
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
});
export type SesEvent = z.infer<typeof SesEventSchema>;
export type SesRecord = SesEvent['Records'][number];

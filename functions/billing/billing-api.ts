/**
 * The billing API's request, apart from the transport (API Gateway in AWS,
 * the same handler behind POST /billing/notices locally).
 */
import * as z from 'zod/mini';
import { acceptBillingItems, type BillingIntakeDeps, type ItemResult } from './billing-intake';
import { BatchIdSchema } from './billing-item';
import { MalformedBillingRequestError } from './errors';

/** A 1,000-item request is about 300 KB; anything far larger is not one. */
export const MAX_BILLING_BODY_BYTES = 2 * 1024 * 1024;

const RequestSchema = z.object({ batchId: BatchIdSchema, items: z.array(z.unknown()) });

export interface BillingApiResult {
  readonly batchId: string;
  readonly counts: Record<string, number>;
  readonly results: readonly ItemResult[];
}

/**
 * Accepts one request of bill notices and arrears reminders: a result per
 * item. Throws `MalformedBillingRequestError` (400) for a body that is not
 * `{ batchId, items }` and `TooManyItemsError` (413) for over 1,000 items.
 *
 * @example
 * const { counts, results } = await acceptBillingRequest(rawBody, deps);
 */
export async function acceptBillingRequest(rawBody: string, deps: BillingIntakeDeps): Promise<BillingApiResult> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    throw new MalformedBillingRequestError('The body must be JSON: { "batchId": "...", "items": [ ... ] }', [`body: ${(error as Error).message}`], { cause: error });
  }
  const request = RequestSchema.safeParse(json);
  if (!request.success) {
    throw new MalformedBillingRequestError('Invalid request', request.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`), { cause: request.error });
  }
  const { batchId, items } = request.data;
  const results = await acceptBillingItems(batchId, items, deps);
  const counts: Record<string, number> = { accepted: 0, already_accepted: 0, duplicate: 0, rejected: 0 };
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return { batchId, counts, results };
}

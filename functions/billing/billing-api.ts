/**
 * The billing API's request and response, apart from the transport (a
 * Lambda function URL in AWS, POST /billing/notices locally).
 */
import * as z from 'zod/mini';
import { acceptBillingItems, MAX_ITEMS_PER_REQUEST, type BillingIntakeDeps, type ItemResult } from './billing-intake';
import { BatchIdSchema } from './billing-item';

const RequestSchema = z.object({ batchId: BatchIdSchema, items: z.array(z.unknown()) });

export interface BillingApiResponse {
  readonly statusCode: number;
  readonly body: { readonly message?: string; readonly batchId?: string; readonly counts?: Record<string, number>; readonly results?: readonly ItemResult[] };
}

/**
 * @example
 * const { statusCode, body } = await billingApiRequest(rawBody, deps); // 200 with a result per item, 400, or 413
 */
export async function billingApiRequest(rawBody: string, deps: BillingIntakeDeps): Promise<BillingApiResponse> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { statusCode: 400, body: { message: 'The body must be JSON: { "batchId": "...", "items": [ ... ] }' } };
  }
  const request = RequestSchema.safeParse(json);
  if (!request.success) return { statusCode: 400, body: { message: `Invalid request: ${request.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` } };
  const { batchId, items } = request.data;
  if (items.length > MAX_ITEMS_PER_REQUEST) {
    return { statusCode: 413, body: { message: `A request takes at most ${MAX_ITEMS_PER_REQUEST} items, got ${items.length}; split the batch` } };
  }
  const results = await acceptBillingItems(batchId, items, deps);
  const counts: Record<string, number> = { accepted: 0, already_accepted: 0, duplicate: 0, rejected: 0 };
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return { statusCode: 200, body: { batchId, counts, results } };
}

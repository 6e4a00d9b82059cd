import middy from '@middy/core';
import { answer, asHandler, httpApi, json, type LambdaHttpHandler } from '../../shared/http-api';
import { injectLambdaContext, logger } from '../../shared/logger';
import { acceptBillingRequest, MAX_BILLING_BODY_BYTES } from '../billing-api';
import { BillingPayloadTooLargeError, BillingRouteNotFoundError, MalformedBillingRequestError, TooManyItemsError } from '../errors';
import { billingIntakeDeps } from './deps';

const deps = billingIntakeDeps();

/** The one place billing errors become answers, by class. */
const app = httpApi({
  api: 'billing',
  notFound: (method, path) => new BillingRouteNotFoundError(method, path),
  errors: [
    answer(MalformedBillingRequestError, 400, { body: (e) => ({ message: e.message, problems: e.problems }) }),
    answer(TooManyItemsError, 413, { body: (e) => ({ message: e.message, limit: e.max }) }),
    answer(BillingPayloadTooLargeError, 413, { body: (e) => ({ message: e.message, limitBytes: e.maxBytes }) }),
    answer(BillingRouteNotFoundError, 404),
  ],
});

app.post('/billing/notices', async ({ req }) => {
  const declared = Number(req.headers.get('content-length') ?? 0);
  const raw = declared > MAX_BILLING_BODY_BYTES ? '' : await req.text();
  if (declared > MAX_BILLING_BODY_BYTES || Buffer.byteLength(raw) > MAX_BILLING_BODY_BYTES) throw new BillingPayloadTooLargeError(MAX_BILLING_BODY_BYTES);
  const result = await acceptBillingRequest(raw, deps);
  logger.info('billing request', { batchId: result.batchId, counts: result.counts });
  return json(200, result);
});

/** POST of up to 1,000 bill notices and arrears reminders (API Gateway, IAM-authorised), answered with a result per item. */
export const handler: LambdaHttpHandler = middy(asHandler(app)).use(injectLambdaContext(logger));

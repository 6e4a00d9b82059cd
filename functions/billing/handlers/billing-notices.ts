import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { logger } from '../../shared/logger';
import { billingIntakeDeps } from './deps';
import { billingApiRequest } from '../billing-api';

const deps = billingIntakeDeps();

const FunctionUrlEventSchema = z.object({ body: z.optional(z.string()), isBase64Encoded: z.optional(z.boolean()) });

/** POST of up to 1,000 bill notices and arrears reminders (API Gateway, IAM-authorised), answered with a result per item. */
export const handler = middy(async (event: unknown) => {
  const parsed = FunctionUrlEventSchema.safeParse(event);
  const raw = parsed.success ? (parsed.data.isBase64Encoded ? Buffer.from(parsed.data.body ?? '', 'base64').toString('utf8') : (parsed.data.body ?? '')) : '';
  const { statusCode, body } = await billingApiRequest(raw, deps);
  logger.info('billing request', { statusCode, batchId: body.batchId, counts: body.counts });
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}).use(injectLambdaContext(logger, { resetKeys: true }));

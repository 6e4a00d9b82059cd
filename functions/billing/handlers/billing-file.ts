import type { Readable } from 'node:stream';
import middy from '@middy/core';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod/mini';
import { injectLambdaContext, logger } from '../../shared/logger';
import { billingIntakeDeps } from './deps';
import { s3 } from '../../shared/outbound-clients';
import { acceptBillingFile, type FileReport } from '../billing-intake';

const deps = billingIntakeDeps();

/** The S3 notification event. Hand-rolled: Powertools' parser `S3Schema` needs the full `zod` (~456 KB minified against ~15 KB for zod/mini; bench/run.ts allows 1.15x). */
const S3EventSchema = z.object({
  Records: z.array(z.object({ s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }) })),
});

/** `incoming/bills-2026-03-09.csv` is batch `bills-2026-03-09`: dropping the same file again sends nothing twice. */
export function batchIdOfKey(key: string): string {
  const name = key.split('/').pop() ?? key;
  return name.replace(/\.(csv|jsonl|ndjson)$/i, '').replace(/[^\w.-]/g, '_').slice(0, 64) || 'file';
}

/**
 * A billing file dropped under `incoming/` in the drop bucket: streamed record
 * by record into the outbox, and a report written next to it under `results/`.
 */
export const handler = middy(async (event: unknown): Promise<{ reports: FileReport[] }> => {
  const { Records } = S3EventSchema.parse(event);
  const reports: FileReport[] = [];
  for (const record of Records) {
    const bucket = record.s3.bucket.name;
    // S3 event keys are URL-encoded with + for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const report = await acceptBillingFile(batchIdOfKey(key), Body as Readable, deps);
    const reportKey = `results/${key.replace(/^incoming\//, '')}.report.json`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: reportKey, Body: JSON.stringify(report), ContentType: 'application/json' }));
    logger.info('billing file processed', { batchId: report.batchId, lines: report.lines, accepted: report.accepted, rejected: report.rejected, reportKey });
    reports.push(report);
  }
  return { reports };
}).use(injectLambdaContext(logger));

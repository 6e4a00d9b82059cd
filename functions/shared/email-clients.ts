import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * The e-mail channel's SDK clients, at module scope. Apart from clients.ts so
 * that only the functions that use S3 and SES bundle them. Locally the
 * runtime records SES sends in its outbox (local/outbox.ts); raw mail is read
 * from the data dir through the mail store port instead of S3.
 */
export const s3 = new S3Client({});
export const sesv2 = new SESv2Client({});

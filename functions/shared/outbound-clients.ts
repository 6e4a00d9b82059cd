import { ConnectClient } from '@aws-sdk/client-connect';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The outbound dispatcher's and billing intake's extra SDK clients, at
 * module scope; apart from clients.ts so that only those functions bundle
 * them. Locally the runtime records StartOutboundVoiceContact in its outbox
 * (local/outbox.ts).
 */
/** In the Connect instance's region (CONNECT_REGION), which need not be the function's. */
export const connect = new ConnectClient({ region: process.env.CONNECT_REGION || undefined });
export const s3 = new S3Client({});

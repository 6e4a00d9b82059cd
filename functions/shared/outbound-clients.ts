import { ConnectClient } from '@aws-sdk/client-connect';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The outbound dispatcher's and billing intake's extra SDK clients, at
 * module scope; apart from clients.ts so that only those functions bundle
 * them. Locally the runtime records StartOutboundVoiceContact in its outbox
 * (local/outbox.ts).
 */
/** Read in a function marked pure: a bare `process.env` read would keep the client in bundles that never call Connect. */
function connectRegion(): string | undefined {
  return process.env.CONNECT_REGION || undefined;
}

/** In the Connect instance's region (CONNECT_REGION), which need not be the function's. */
export const connect = /* @__PURE__ */ new ConnectClient({ region: /* @__PURE__ */ connectRegion() });
export const s3 = /* @__PURE__ */ new S3Client({});

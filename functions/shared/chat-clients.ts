import { ConnectClient } from '@aws-sdk/client-connect';

/**
 * The chat channel's Amazon Connect client, at module scope; apart from
 * clients.ts so that only chat-api bundles it. Locally the runtime records
 * StartChatContact in its outbox (local/outbox.ts).
 */
/** In the Connect instance's region (CONNECT_REGION), which need not be the function's. */
export const connect = new ConnectClient({ region: process.env.CONNECT_REGION || undefined });

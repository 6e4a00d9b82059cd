import { ConnectClient } from '@aws-sdk/client-connect';

/**
 * The callback planner's Amazon Connect client (StartTaskContact), at module
 * scope; apart from clients.ts so that only the planner bundles it. Locally
 * the runtime records each task in its outbox (local/callbacks.ts).
 */
/** In the Connect instance's region (CONNECT_REGION), which need not be the function's. */
export const connect = new ConnectClient({ region: process.env.CONNECT_REGION || undefined });

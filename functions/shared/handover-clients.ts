import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/**
 * The ops API's CloudWatch client (the handover's alarms firing), at module
 * scope; apart from clients.ts so that only ops-api bundles it.
 */
export const cloudwatch = new CloudWatchClient({});

import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Personal data (phone numbers, e-mail addresses, account
 * numbers, message bodies) never goes in a log line: log fingerprints from
 * customers/phone.ts and ids instead.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hotline' });

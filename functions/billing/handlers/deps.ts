import { DynamoNoticeStore } from '../../outbound/adapters/dynamo-notice-store';
import { documentClient } from '../../shared/clients';
import { readConfig } from '../../shared/config';
import { workingCalendar } from '../../shared/calendar';
import type { BillingIntakeDeps } from '../billing-intake';
import { readLateFeeRule } from '../config';
import { now } from '../../shared/time';

/** What both billing entry points (the API and the file drop) need, built once per container. */
export function billingIntakeDeps(): BillingIntakeDeps {
  const config = readConfig();
  return {
    notices: new DynamoNoticeStore(documentClient, config.tableName),
    now,
    calendar: workingCalendar,
    lateFeeRule: readLateFeeRule(),
  };
}

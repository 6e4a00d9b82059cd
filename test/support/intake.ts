import type { Customer } from '../../functions/customers/customer';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import { classifyText } from '../../functions/intake/classify';
import type { Contact } from '../../functions/intake/contact';
import type { IntakeDeps } from '../../functions/intake/intake';
import { CachedOutageRegistry, OutageRepository } from '../../functions/outages/adapters/outage-repository';
import type { Outage } from '../../functions/outages/outage';
import { WorkingCalendar } from '../../functions/tickets/calendar';
import { freshTable } from './dynamo';

/** The instant the intake tests' texts arrive: 10:00 in Hangzhou on a Monday. */
export const INTAKE_RECEIVED_AT = '2026-11-23T02:00:00Z';

/**
 * A fresh table holding `customers` and one active unplanned outage on
 * `outageFeeder` (declared 09:30, ETR 14:00 local), and intake's
 * dependencies on it: the trained classifier, an empty working calendar,
 * a 72-hour thread window.
 *
 * @example
 * const { setup, deps } = await intakeFixture('intake', [hospital], { outageId: 'OUT-20261123-01', feeder: 'HZ-XIHU-F01', cause: { 'zh-CN': '线路故障', en: 'line fault' } });
 */
export async function intakeFixture(
  prefix: string,
  customers: readonly Customer[],
  outage: { readonly outageId: string; readonly feeder: string; readonly cause: Outage['cause'] },
): Promise<{ setup: Awaited<ReturnType<typeof freshTable>>; deps: IntakeDeps }> {
  const setup = await freshTable(prefix);
  await new CustomerRepository(setup.doc, setup.tableName).saveCustomers([...customers]);
  const outages = new OutageRepository(setup.doc, setup.tableName);
  await outages.declare({
    outageId: outage.outageId,
    kind: 'unplanned',
    areas: [],
    feeders: [outage.feeder],
    cause: outage.cause,
    etr: '2026-11-23T06:00:00Z',
    declaredAt: '2026-11-23T01:30:00Z',
    status: 'active',
  });
  const deps: IntakeDeps = {
    repository: new DynamoIntakeRepository(setup.doc, setup.tableName),
    outages: new CachedOutageRegistry(outages, Date.now),
    calendar: new WorkingCalendar({ timeZone: 'Asia/Shanghai', years: [], fixedDateHolidays: [] }),
    timeZone: 'Asia/Shanghai',
    threadWindowHours: 72,
    classify: classifyText,
  };
  return { setup, deps };
}

/**
 * An inbound text as intake receives it (language from the script).
 *
 * @example
 * smsContact('+8613800000001', '停电了', 'msg-1');
 */
export function smsContact(from: string, text: string, providerMessageId: string, receivedAt = INTAKE_RECEIVED_AT): Contact {
  return {
    channel: 'sms',
    providerMessageId,
    sender: { phone: from },
    receiver: '+8695598',
    receivedAt,
    language: /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en',
    text,
    attachments: [],
    rawRef: 'inline',
  };
}

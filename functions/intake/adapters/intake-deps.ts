import { OutageReader } from '../../outages/adapters/outage-reader';
import { CachedOutageRegistry } from '../../outages/adapters/outage-repository';
import { documentClient } from '../../shared/clients';
import type { FunctionConfig } from '../../shared/config';
import { workingCalendar } from '../../shared/calendar';
import type { IntakeDeps } from '../intake';
import { DynamoIntakeRepository } from './dynamo-intake-repository';

/**
 * What `recordContact` needs in a deployed function (and the local runtime),
 * built once per container: the table, the cached outage registry, the
 * working-day calendar and the centre's zone. Every intake channel wires it
 * here, so a channel cannot drift from the others. The classifier is the
 * channel's: `classifyText` for free text; the IVR passes its keypad's, so
 * its bundle carries no model.
 *
 * @example
 * const deps = intakeDeps(readConfig(), classifyText);
 * const result = await recordContact(contact, deps);
 */
export function intakeDeps(config: Pick<FunctionConfig, 'tableName' | 'timeZone' | 'threadWindowHours'> & Partial<Pick<FunctionConfig, 'suspicion' | 'activeOutageCacheSeconds'>>, classify: IntakeDeps['classify']): IntakeDeps {
  return {
    repository: new DynamoIntakeRepository(documentClient, config.tableName),
    outages: new CachedOutageRegistry(new OutageReader(documentClient, config.tableName), Date.now, (config.activeOutageCacheSeconds ?? 15) * 1000),
    calendar: workingCalendar,
    timeZone: config.timeZone,
    threadWindowHours: config.threadWindowHours,
    classify,
    suspicionWindowMinutes: config.suspicion?.windowMinutes,
  };
}

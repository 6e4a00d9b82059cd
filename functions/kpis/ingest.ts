import { fingerprint } from '../shared/fingerprint';
import { countsOf, intervalStart, REPEAT_WINDOW_DAYS, type IntervalCounts } from './kpi';
import { localDateIn } from '../tickets/calendar';
import type { AgentCall, KpiRepository } from './ports';
import type { ContactRecord } from './schemas';

/**
 * Counts one contact record into its interval, once however often Kinesis
 * delivers it. Primary course: ignore what is not an inbound call; look up
 * whether the caller called within 7 days before; add the counts and
 * remember the call in one transaction keyed by ContactId.
 *
 * @example
 * await ingestContactRecord(record, repository);
 */
export async function ingestContactRecord(record: ContactRecord, repository: KpiRepository, secret?: string, timeZone = 'Asia/Shanghai'): Promise<{ counted: boolean; counts?: IntervalCounts }> {
  const phone = record.CustomerEndpoint?.Address ?? undefined;
  // The caller is kept as a fingerprint: KPI items never hold a phone number.
  const tag = phone ? fingerprint('ph', phone, secret) : undefined;
  const at = record.InitiationTimestamp;
  const from = new Date(Date.parse(at) - REPEAT_WINDOW_DAYS * 86_400_000).toISOString();
  const isInbound = record.Channel === 'VOICE' && record.InitiationMethod === 'INBOUND';
  if (!isInbound) return { counted: false };
  const repeat = tag ? await repository.hadContactBetween(tag, from, at) : false;
  const counts = countsOf(record, repeat);
  if (!counts) return { counted: false };
  const username = record.Agent?.Username;
  const agent: AgentCall | undefined =
    username && counts.answered > 0
      ? { agentId: username, day: localDateIn(new Date(at), timeZone), talkSeconds: counts.talkSeconds, afterCallWorkSeconds: counts.afterCallWorkSeconds, transferred: counts.transferred }
      : undefined;
  const counted = await repository.addOnce(record.ContactId, intervalStart(at), counts, tag ? { tag, at } : undefined, agent);
  return { counted, counts };
}

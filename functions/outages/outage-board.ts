/**
 * The outages on the shift lead's board (issue 16): every outage intake is
 * attaching fault reports to, declared by grid operations (`active`) or
 * suspected by the centre from a cluster of reports (`suspected`), each with
 * how many reports it holds. Read-only: grid operations decides them
 * through the outage API.
 */
import type { Outage } from './outage';
import type { OutageStore } from './ports';

export interface OutageOnBoard extends Outage {
  /** Fault reports attached to it (its `REPORT#` items). */
  readonly reports: number;
}

export interface OutageBoardDeps {
  readonly store: Pick<OutageStore, 'reportCount'> & { listActive(): Promise<Outage[]> };
}

/**
 * The active and suspected outages with their report counts, suspected first
 * (they await a decision), then by ETR, soonest first.
 *
 * Primary course: list the outages on the active index; count each one's
 * reports (in parallel, a handful of outages); keep those still open.
 *
 * @example
 * const { outages } = await outagesOnBoard({ store: new OutageRepository(documentClient, tableName) });
 */
export async function outagesOnBoard(deps: OutageBoardDeps): Promise<{ outages: OutageOnBoard[] }> {
  const listed = (await deps.store.listActive()).filter((o) => o.status === 'active' || o.status === 'suspected');
  const counted = await Promise.all(listed.map(async (outage) => ({ ...outage, reports: await deps.store.reportCount(outage.outageId) })));
  const rank = (o: Outage) => (o.status === 'suspected' ? 0 : 1);
  return { outages: counted.sort((a, b) => rank(a) - rank(b) || a.etr.localeCompare(b.etr) || a.outageId.localeCompare(b.outageId)) };
}

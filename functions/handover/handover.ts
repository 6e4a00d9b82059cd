/**
 * The shift handover (DOMAIN.md, "Shift handover"): what the incoming lead
 * takes over. Primary course: read the open tickets, the steps to chase,
 * the active outages, the callbacks due this shift and the system's state;
 * count them; the incoming lead accepts, and who handed to whom and when is
 * recorded with the counts they saw.
 */
import { isOpenCallback, type CallbackReason } from '../callbacks/callback';
import type { TicketStatus, TicketType } from '../tickets/ticket';
import type { ChaseLine, ChaseSource, HandoverRecord, HandoverSources, OpenTicketLine, SystemState, SystemStateSource } from './ports';

/** A shift is 12 hours: callbacks whose window opens before its end are this shift's. */
export const SHIFT_HOURS = 12;
/** Planned outages announced for the next 7 days. */
export const PLANNED_AHEAD_DAYS = 7;

export interface HandoverOutage {
  readonly outageId: string;
  readonly kind: 'planned' | 'unplanned';
  readonly feeders: readonly string[];
  readonly areas: readonly string[];
  readonly cause: string;
  readonly etr: string;
  readonly window?: { readonly start: string; readonly end: string };
}

export interface HandoverReport {
  readonly generatedAt: string;
  readonly shift: { readonly from: string; readonly to: string };
  readonly tickets: { readonly open: number; readonly byType: Partial<Record<TicketType, Partial<Record<TicketStatus, number>>>> };
  readonly chases: { readonly toChase: number; readonly overdue: number; readonly steps: readonly ChaseLine[] };
  readonly emergencies: { readonly count: number; readonly tickets: readonly OpenTicketLine[] };
  readonly outages: { readonly plannedNext7Days: readonly HandoverOutage[]; readonly unplanned: readonly HandoverOutage[]; readonly ongoing: readonly HandoverOutage[] };
  readonly callbacks: {
    readonly dueThisShift: number;
    readonly overdue: number;
    readonly byReason: Partial<Record<CallbackReason, number>>;
    readonly due: readonly { readonly callbackId: string; readonly ticketNumber: string; readonly reason: CallbackReason; readonly windowStart: string; readonly dueBy?: string; readonly attempts: number }[];
  };
  readonly system: SystemState;
  readonly lastHandover?: HandoverRecord;
}

export interface HandoverDeps {
  readonly sources: HandoverSources;
  readonly chases: ChaseSource;
  readonly system: SystemStateSource;
  readonly now: () => Date;
  /** The centre's language for causes (the page is read at the desk). */
  readonly language?: 'zh-CN' | 'en';
}

const LISTED = 50;

/**
 * The handover as it stands now.
 *
 * @example
 * const report = await handoverReport(deps);
 * report.tickets.open; // 42
 */
export async function handoverReport(deps: HandoverDeps): Promise<HandoverReport> {
  const now = deps.now();
  const shiftEnd = new Date(now.getTime() + SHIFT_HOURS * 3_600_000);
  const [tickets, chases, outages, callbacks, system, lastHandover] = await Promise.all([
    deps.sources.openTickets(),
    deps.chases.chases(now),
    deps.sources.activeOutages(),
    deps.sources.callbacksDue(shiftEnd.toISOString()),
    deps.system.read(),
    deps.sources.lastHandover(),
  ]);

  const byType: Partial<Record<TicketType, Partial<Record<TicketStatus, number>>>> = {};
  for (const t of tickets) {
    const row = (byType[t.type] ??= {});
    row[t.status] = (row[t.status] ?? 0) + 1;
  }
  const emergencies = tickets.filter((t) => t.priority === 1).sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const language = deps.language ?? 'zh-CN';
  const ahead = now.getTime() + PLANNED_AHEAD_DAYS * 86_400_000;
  const line = (o: (typeof outages)[number]): HandoverOutage => ({ outageId: o.outageId, kind: o.kind, feeders: o.feeders, areas: o.areas, cause: o.cause[language], etr: o.etr, ...(o.window ? { window: o.window } : {}) });
  const started = (o: (typeof outages)[number]) => o.kind === 'unplanned' || !o.window || Date.parse(o.window.start) <= now.getTime();

  const open = callbacks.filter(isOpenCallback);
  const byReason: Partial<Record<CallbackReason, number>> = {};
  for (const c of open) byReason[c.reason] = (byReason[c.reason] ?? 0) + 1;

  return {
    generatedAt: now.toISOString(),
    shift: { from: now.toISOString(), to: shiftEnd.toISOString() },
    tickets: { open: tickets.length, byType },
    chases: { toChase: chases.filter((c) => !c.overdue).length, overdue: chases.filter((c) => c.overdue).length, steps: chases.slice(0, LISTED) },
    emergencies: { count: emergencies.length, tickets: emergencies.slice(0, LISTED) },
    outages: {
      plannedNext7Days: outages.filter((o) => o.kind === 'planned' && o.window && Date.parse(o.window.start) > now.getTime() && Date.parse(o.window.start) <= ahead).map(line),
      unplanned: outages.filter((o) => o.kind === 'unplanned').map(line),
      ongoing: outages.filter(started).map(line),
    },
    callbacks: {
      dueThisShift: open.length,
      overdue: open.filter((c) => c.dueBy !== undefined && Date.parse(c.dueBy) < now.getTime()).length,
      byReason,
      due: open.slice(0, LISTED).map((c) => ({ callbackId: c.callbackId, ticketNumber: c.ticketNumber, reason: c.reason, windowStart: c.window.start, ...(c.dueBy ? { dueBy: c.dueBy } : {}), attempts: c.attempts })),
    },
    system,
    ...(lastHandover ? { lastHandover } : {}),
  };
}

/**
 * The incoming lead accepts the handover: recorded with who handed over
 * (the lead who accepted the last one, unless `from` names another) and the
 * counts the report showed.
 *
 * @example
 * await acceptHandover('lead-2', undefined, deps); // { acceptedBy: 'lead-2', handedBy: 'lead-1', ... }
 */
export async function acceptHandover(acceptedBy: string, from: string | undefined, deps: HandoverDeps): Promise<HandoverRecord> {
  const report = await handoverReport(deps);
  const handedBy = from ?? report.lastHandover?.acceptedBy;
  const record: HandoverRecord = {
    acceptedAt: report.generatedAt,
    acceptedBy,
    ...(handedBy ? { handedBy } : {}),
    counts: {
      openTickets: report.tickets.open,
      toChase: report.chases.toChase,
      overdue: report.chases.overdue,
      emergencies: report.emergencies.count,
      outagesOngoing: report.outages.ongoing.length,
      outagesPlannedNext7Days: report.outages.plannedNext7Days.length,
      callbacksDue: report.callbacks.dueThisShift,
      deadLetters: report.system.deadLetterQueues.reduce((sum, q) => sum + q.depth, 0),
      alarmsFiring: report.system.alarmsFiring.length,
      dispatchBacklog: report.system.dispatchBacklog,
    },
  };
  await deps.sources.recordHandover(record);
  return record;
}

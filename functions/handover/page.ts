/**
 * The handover as a page a lead reads at the desk and prints: plain HTML,
 * every value escaped, no script; its one style block is allowed by hash in
 * the page's Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import { TICKET_STATUSES, TICKET_TYPES } from '../tickets/ticket';
import type { HandoverOutage, HandoverReport } from './handover';

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#111}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}
td.n{text-align:right}.warn{color:#a00;font-weight:bold}.muted{color:#555}
@media print{body{margin:0}h2{break-after:avoid}table{break-inside:avoid}}`;

/** The Content-Security-Policy the page is served with: nothing but its own style block. */
export const HANDOVER_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const e = escapeHtml;
const section = (id: string, title: string, body: string) => `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`;
const table = (head: readonly string[], rows: readonly (readonly unknown[])[]) =>
  rows.length === 0 ? '<p class="muted">— none —</p>' : `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="n">${e(c)}</td>` : `<td>${e(c ?? '')}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
const count = (label: string, n: number, warn = false) => `<p>${e(label)}: <strong class="count${warn && n > 0 ? ' warn' : ''}" data-count="${e(n)}">${e(n)}</strong></p>`;

/** Local time for the desk (the centre's zone). */
function local(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/**
 * The handover page.
 *
 * @example
 * const html = handoverPage(report, 'Asia/Shanghai');
 */
export function handoverPage(report: HandoverReport, timeZone: string): string {
  const t = (iso?: string) => local(iso, timeZone);
  const types = TICKET_TYPES.filter((type) => report.tickets.byType[type]);
  const statuses = TICKET_STATUSES.filter((status) => types.some((type) => report.tickets.byType[type]?.[status]));
  const outageRows = (outages: readonly HandoverOutage[]) => outages.map((o) => [o.outageId, o.kind, [...o.feeders, ...o.areas].join(', '), o.cause, o.window ? `${t(o.window.start)} – ${t(o.window.end)}` : '', t(o.etr)]);
  const outageHead = ['outage', 'kind', 'feeders / areas', 'cause', 'window', 'ETR'];
  const body = [
    `<h1>交接班 Shift handover</h1><p class="muted">Generated ${e(t(report.generatedAt))}; this shift until ${e(t(report.shift.to))}.</p>`,
    section(
      'tickets',
      '未结工单 Open tickets',
      count('Open tickets', report.tickets.open) +
        table(['type', ...statuses, 'total'], types.map((type) => {
          const row = report.tickets.byType[type] ?? {};
          return [type, ...statuses.map((s) => row[s] ?? 0), Object.values(row).reduce((a, b) => a + (b ?? 0), 0)];
        })),
    ),
    section(
      'chases',
      '催办 Steps to chase',
      count('To chase (due soon)', report.chases.toChase) + count('Overdue', report.chases.overdue, true) + table(['order', 'department', 'milestone', 'due', ''], report.chases.steps.map((c) => [c.orderId, c.departmentId, c.milestone, t(c.due), c.overdue ? 'overdue' : ''])),
    ),
    section(
      'emergencies',
      '紧急事项 Emergencies',
      count('Top-priority open tickets (emergencies, important customers)', report.emergencies.count, true) +
        table(['ticket', 'type', 'status', 'opened', 'summary'], report.emergencies.tickets.map((x) => [x.ticketId, x.type, x.status, t(x.createdAt), x.confidential ? '(confidential)' : (x.summary ?? '')])),
    ),
    section(
      'outages',
      '停电 Outages',
      count('Ongoing', report.outages.ongoing.length) +
        table(outageHead, outageRows(report.outages.ongoing)) +
        count('Unplanned (active)', report.outages.unplanned.length) +
        table(outageHead, outageRows(report.outages.unplanned)) +
        count('Planned, next 7 days', report.outages.plannedNext7Days.length) +
        table(outageHead, outageRows(report.outages.plannedNext7Days)),
    ),
    section(
      'callbacks',
      '回访 Callbacks due this shift',
      count('Due this shift', report.callbacks.dueThisShift) + count('Past their one working day', report.callbacks.overdue, true) +
        table(['callback', 'ticket', 'reason', 'window opens', 'due by', 'tries'], report.callbacks.due.map((c) => [c.callbackId, c.ticketNumber, c.reason, t(c.windowStart), t(c.dueBy), c.attempts])),
    ),
    section(
      'system',
      '系统状态 System state',
      count('Dead-letter messages', report.system.deadLetterQueues.reduce((s, q) => s + q.depth, 0), true) +
        table(['queue', 'depth'], report.system.deadLetterQueues.map((q) => [q.name, q.depth])) +
        count('Alarms firing', report.system.alarmsFiring.length, true) +
        (report.system.alarmsFiring.length ? `<ul>${report.system.alarmsFiring.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : '') +
        count('Dispatch backlog (notices waiting)', report.system.dispatchBacklog) +
        `<p class="muted">Source: ${e(report.system.source)}</p>`,
    ),
    section(
      'last-handover',
      '上次交接 Last handover',
      report.lastHandover
        ? `<p>${e(report.lastHandover.handedBy ?? '—')} → ${e(report.lastHandover.acceptedBy)} at ${e(t(report.lastHandover.acceptedAt))}</p>`
        : '<p class="muted">— none recorded —</p>',
    ),
    '<p class="muted">The incoming lead accepts with POST /handover/accept.</p>',
  ].join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>交接班 Shift handover</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

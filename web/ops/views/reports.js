// The discipline-inspection office: its whistleblowing reports (tickets,
// read in full by this office only) and the work orders it owes on them.
import { h, replace } from '../dom.js';
import { load } from './common.js';
import { ticketList } from './tickets.js';

export function mount(root, ctx) {
  const reports = h('section', { 'data-testid': 'reports' });
  root.append(h('h2', {}, ctx.t('view.reports')), reports, h('p', {}, h('a', { href: '#/inbox' }, ctx.t('view.inbox'))));
  return {
    refresh: () => load(ctx, reports, 'tickets?type=whistleblowing_report&limit=100', ({ tickets }) => replace(reports, ticketList(ctx, tickets ?? [], 'report-row'))),
  };
}

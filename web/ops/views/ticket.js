// One ticket and its timeline, as the API lets this role read it
// (a whistleblowing report in full for the discipline-inspection office only).
import { h, replace } from '../dom.js';
import { label, load, when } from './common.js';

export function mount(root, ctx, [ticketId]) {
  const section = h('section', { class: 'ticket', 'data-testid': 'ticket' });
  root.append(section);
  return { refresh: () => load(ctx, section, `tickets/${encodeURIComponent(ticketId ?? '')}`, (data) => draw(ctx, section, data)) };
}

function draw(ctx, section, { ticket, timeline }) {
  const { t } = ctx;
  replace(section,
    h('h2', {}, ticket.ticketId, ' ', h('span', { class: 'tag' }, label(ctx, 'type', ticket.type)), ' ', h('span', { class: 'tag state' }, label(ctx, 'ticketStatus', ticket.status))),
    h('dl', { class: 'facts' },
      h('dt', {}, t('reported')), h('dd', { 'data-testid': 'ticket-summary' }, ticket.summary ?? ''),
      h('dt', {}, t('opened')), h('dd', {}, when(ctx, ticket.createdAt)),
      h('dt', {}, t('channel')), h('dd', {}, ticket.channel ?? '')),
    h('h3', {}, t('timeline')),
    h('ol', { class: 'timeline' }, (timeline ?? []).map((entry) => h('li', {}, h('time', {}, when(ctx, entry.at)), ' ', entry.text ?? entry.kind ?? ''))));
}

// The newest tickets (the centre's roles), each opening its ticket view.
import { h, replace } from '../dom.js';
import { label, load, when } from './common.js';

export function mount(root, ctx) {
  const section = h('section', { 'data-testid': 'tickets' });
  root.append(h('h2', {}, ctx.t('view.tickets')), section);
  return { refresh: () => load(ctx, section, 'tickets?limit=50', ({ tickets }) => draw(ctx, section, tickets ?? [])) };
}

export function ticketList(ctx, tickets, testId = 'ticket-row') {
  if (tickets.length === 0) return h('p', { class: 'note' }, ctx.t('none'));
  return h('ol', { class: 'cards' }, tickets.map((ticket) => h('li', { class: 'card', 'data-testid': testId },
    h('a', { class: 'title', href: `#/ticket/${encodeURIComponent(ticket.ticketId)}` }, ticket.ticketId),
    h('span', { class: 'tag' }, label(ctx, 'type', ticket.type)),
    h('span', { class: 'tag state' }, label(ctx, 'ticketStatus', ticket.status)),
    h('p', { class: 'summary' }, ticket.summary ?? ''),
    h('span', { class: 'meta' }, when(ctx, ticket.createdAt)))));
}

function draw(ctx, section, tickets) {
  replace(section, ticketList(ctx, tickets));
}

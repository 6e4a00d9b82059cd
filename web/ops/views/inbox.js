// A department's inbox: its work orders, soonest deadline first, each clock
// counting down. The shift lead and supervisor pick the department.
import { h, replace } from '../dom.js';
import { soonestDue } from '../clock.js';
import { clocksOf, label, load, tickClocks, when } from './common.js';

export function mount(root, ctx, [department]) {
  const { t, session } = ctx;
  const own = session.role === 'department' || session.role === 'discipline_office';
  const departmentId = own ? session.departmentId : department ?? ctx.config.departments?.[0]?.departmentId;
  const list = h('section', { class: 'orders', 'data-testid': 'inbox' });
  const heading = h('h2', {}, t('inboxOf', ctx.departmentName(departmentId ?? '')));
  root.append(heading);
  if (!own) {
    const picker = h('select', { 'data-testid': 'inbox-department', onchange: () => ctx.go(`#/inbox/${encodeURIComponent(picker.value)}`) },
      (ctx.config.departments ?? []).map((d) => h('option', { value: d.departmentId, selected: d.departmentId === departmentId }, d.name)));
    root.append(h('label', { class: 'picker' }, h('span', {}, t('department')), picker));
  }
  root.append(list);
  const path = own ? 'work-orders' : `work-orders?department=${encodeURIComponent(departmentId ?? '')}`;
  return {
    refresh: () => load(ctx, list, path, (data) => draw(ctx, list, data.orders ?? [])),
    tick: () => tickClocks(ctx, list),
  };
}

function draw(ctx, list, orders) {
  const { t } = ctx;
  if (orders.length === 0) return replace(list, h('p', { class: 'note', 'data-testid': 'inbox-empty' }, t('inboxEmpty')));
  const sorted = [...orders].sort((a, b) => (soonestDue(a) ?? '~').localeCompare(soonestDue(b) ?? '~'));
  replace(list, h('ol', { class: 'cards' }, sorted.map((order) =>
    h('li', { class: `card state-${order.state}`, 'data-testid': 'order-row', 'data-order': order.orderId },
      h('a', { class: 'title', href: `#/order/${encodeURIComponent(order.orderId)}` }, order.orderId),
      h('span', { class: 'tag' }, label(ctx, 'type', order.ticketType)),
      h('span', { class: 'tag state', 'data-testid': 'order-state' }, label(ctx, 'state', order.state)),
      h('p', { class: 'summary' }, order.summary ?? ''),
      h('span', { class: 'meta' }, [order.area, when(ctx, order.ticketOpenedAt)].filter(Boolean).join(' · ')),
      clocksOf(ctx, order)))));
  tickClocks(ctx, list);
}

// The shift lead's board: chases due and overdue, emergencies (top-priority
// open tickets), the outages intake is attaching reports to (declared and
// suspected, with ETR and report counts), the callback plan, and the
// handover (the system's state) with its accept button. A section whose
// API route does not exist yet says so (its 404), rather than showing nothing.
import { h, replace } from '../dom.js';
import { ApiError } from '../api.js';
import { clockElement, label, load, refusal, tickClocks, when } from './common.js';
import { ticketList } from './tickets.js';

export function mount(root, ctx) {
  const { t } = ctx;
  const chases = h('section', { class: 'panel', 'data-testid': 'chases' });
  const emergencies = h('section', { class: 'panel', 'data-testid': 'emergencies' });
  const callbacks = h('section', { class: 'panel', 'data-testid': 'callbacks' });
  const outages = h('section', { class: 'panel', 'data-testid': 'outages' });
  const handover = h('section', { class: 'panel wide', 'data-testid': 'handover' });
  root.append(h('h2', {}, t('view.board')), h('div', { class: 'board' },
    h('div', {}, h('h3', {}, t('chases')), chases),
    h('div', {}, h('h3', {}, t('emergencies')), emergencies),
    h('div', { class: 'wide' }, h('h3', {}, t('outages')), outages),
    h('div', { class: 'wide' }, h('h3', {}, t('callbacks')), callbacks),
    h('div', { class: 'wide' }, h('h3', {}, t('handover')), handover)));
  // Report counts are counted at each read (a Query per outage): every 30 s is enough for a board.
  let outagesReadAt = -Infinity;
  const readOutages = () => {
    if (ctx.now() - outagesReadAt < OUTAGES_EVERY_MS && outages.dataset.loaded === 'yes') return undefined;
    outagesReadAt = ctx.now();
    return load(ctx, outages, 'outages', (data) => drawOutages(ctx, outages, data.outages ?? []), { routeMayBeMissing: true });
  };
  return {
    refresh: async () => {
      await Promise.all([
        readOutages(),
        load(ctx, chases, 'chases', (data) => drawChases(ctx, chases, data), { routeMayBeMissing: true }),
        load(ctx, emergencies, 'tickets?limit=100', ({ tickets }) => replace(emergencies, ticketList(ctx, (tickets ?? []).filter(isEmergency), 'emergency-row'))),
        load(ctx, callbacks, 'callbacks', (data) => drawCallbacks(ctx, callbacks, data.callbacks ?? []), { routeMayBeMissing: true }),
        load(ctx, handover, 'handover', (data) => drawHandover(ctx, handover, data), { routeMayBeMissing: true }),
      ]);
    },
    tick: () => tickClocks(ctx, chases),
  };
}

const OUTAGES_EVERY_MS = 30_000;
const CLOSED = new Set(['resolved', 'callback_done', 'closed']);

/** Outages: suspected first (awaiting grid operations), each with its cause, where, ETR and how many reported it. */
function drawOutages(ctx, section, outages) {
  const { t } = ctx;
  if (outages.length === 0) return replace(section, h('p', { class: 'note', 'data-testid': 'no-outages' }, t('none')));
  replace(section, h('ol', { class: 'cards' }, outages.map((outage) => h('li', { class: `card outage-${outage.status}`, 'data-testid': 'outage-row', 'data-outage': outage.outageId, 'data-status': outage.status },
    h('span', { class: 'title' }, outage.outageId),
    h('span', { class: 'tag state', 'data-testid': 'outage-status' }, label(ctx, 'outageStatus', outage.status)),
    h('span', { class: 'tag' }, label(ctx, 'outageKind', outage.kind)),
    h('p', { class: 'summary' }, outage.cause?.[ctx.language] ?? outage.cause?.['zh-CN'] ?? ''),
    h('span', { class: 'meta' }, [...(outage.feeders ?? []), ...(outage.transformers ?? []), ...(outage.areas ?? [])].join(', ')),
    h('span', { class: 'meta', 'data-testid': 'outage-etr' }, `${t('etr')} ${when(ctx, outage.etr)}`),
    h('strong', { 'data-testid': 'outage-reports' }, t('reports', String(outage.reports ?? 0))),
    outage.suspicion ? h('span', { class: 'meta' }, t('suspectedBecause', outage.suspicion.threshold, outage.suspicion.windowMinutes, label(ctx, 'suspicionMode', outage.suspicion.mode))) : null,
    outage.suspicion?.repairOrderId ? h('a', { href: `#/order/${encodeURIComponent(outage.suspicion.repairOrderId)}` }, t('repairOrder', outage.suspicion.repairOrderId)) : null))));
}
const isEmergency = (ticket) => ticket.priority === 1 && !CLOSED.has(ticket.status);

function drawChases(ctx, section, data) {
  // sla-watch chases a clock again at each look: the board shows each clock once, with its latest chase.
  const latest = new Map();
  for (const chase of Array.isArray(data) ? data : data.chases ?? []) {
    const key = `${chase.orderId}#${chase.milestone}`;
    if (!latest.has(key) || (chase.n ?? 0) >= (latest.get(key).n ?? 0)) latest.set(key, chase);
  }
  const chases = [...latest.values()].sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)));
  if (chases.length === 0) return replace(section, h('p', { class: 'note', 'data-testid': 'no-chases' }, ctx.t('noChases')));
  replace(section, h('ol', { class: 'cards' }, chases.map((chase) => h('li', { class: `card chase-${chase.kind ?? chase.verdict ?? ''}`, 'data-testid': 'chase-row' },
    chase.orderId ? h('a', { class: 'title', href: `#/order/${encodeURIComponent(chase.orderId)}` }, chase.orderId) : h('span', { class: 'title' }, chase.ticketId ?? ''),
    h('span', { class: 'tag' }, label(ctx, 'chaseKind', chase.kind ?? chase.verdict ?? '')),
    chase.departmentId ? h('span', { class: 'meta' }, ctx.departmentName(chase.departmentId)) : null,
    chase.dueAt ? clockElement(ctx, chase.milestone ?? 'due', chase.dueAt) : null,
    chase.chasedAt || chase.at ? h('span', { class: 'meta' }, ctx.t('chasedAt', when(ctx, chase.chasedAt ?? chase.at), chase.n ?? 1)) : null))));
  tickClocks(ctx, section);
}

/** The callback plan: who is owed a call back, in which window, how far the tries got. */
function drawCallbacks(ctx, section, callbacks) {
  if (callbacks.length === 0) return replace(section, h('p', { class: 'note', 'data-testid': 'no-callbacks' }, ctx.t('none')));
  replace(section, h('ol', { class: 'cards' }, callbacks.slice(0, 100).map((callback) => h('li', { class: 'card', 'data-testid': 'callback-row' },
    callback.source?.kind === 'ticket' ? h('a', { class: 'title', href: `#/ticket/${encodeURIComponent(callback.source.id)}` }, callback.ticketNumber) : h('span', { class: 'title' }, callback.ticketNumber ?? ''),
    h('span', { class: 'tag' }, label(ctx, 'callbackReason', callback.reason)),
    h('span', { class: 'tag state' }, label(ctx, 'callbackState', callback.state)),
    callback.window ? h('span', { class: 'meta' }, ctx.t('window', when(ctx, callback.window.start), when(ctx, callback.window.end))) : null,
    h('span', { class: 'meta' }, ctx.t('attempts', callback.attempts ?? 0)),
    callback.followUp ? h('a', { href: `#/ticket/${encodeURIComponent(callback.followUp.ticketId)}` }, label(ctx, 'followUp', callback.followUp.kind)) : null))));
}

/** The handover as sections: a list, a count or a table of counts each; outages show ETR and reports. */
function drawHandover(ctx, section, data) {
  const { t } = ctx;
  const handover = data.handover ?? data;
  const outcome = h('p', { class: 'outcome', role: 'status', 'data-testid': 'handover-outcome' });
  // Each incoming lead accepts what they read; the last acceptance is shown with it.
  const last = handover.lastHandover;
  const accept = h('button', { type: 'button', 'data-testid': 'handover-accept' }, t('acceptHandover'));
  // This lead's acceptance stays said across the redraws a poll makes (the report changes at each read).
  const said = (record) => replace(outcome, h('span', { class: 'ok', 'data-testid': 'handover-accepted' }, t('handoverAccepted'), record.acceptedAt ? ` · ${when(ctx, record.acceptedAt)}` : ''));
  if (section.dataset.accepted) said(JSON.parse(section.dataset.accepted));
  accept.addEventListener('click', async () => {
    accept.disabled = true;
    try {
      const answer = await ctx.api.post('handover/accept', {});
      const record = answer.handover ?? {};
      section.dataset.accepted = JSON.stringify({ acceptedAt: record.acceptedAt });
      said(record);
      accept.disabled = false;
    } catch (error) {
      accept.disabled = false;
      replace(outcome, error instanceof ApiError ? refusal(ctx, error) : t('notSentUnreachable'));
    }
  });
  const skip = new Set(['lastHandover', 'generatedAt', 'shift']);
  const parts = Object.entries(handover).filter(([key]) => !skip.has(key)).map(([key, value]) => h('section', { class: 'handover-part', 'data-testid': `handover-${key}` },
    h('h4', {}, partLabel(ctx, key)), describe(ctx, key, value)));
  replace(section,
    handover.generatedAt ? h('p', { class: 'meta' }, t('generatedAt', when(ctx, handover.generatedAt))) : null,
    h('div', { class: 'handover-parts' }, parts),
    last ? h('p', { class: 'meta', 'data-testid': 'last-handover' }, t('acceptedBy', String(last.acceptedBy ?? ''), when(ctx, last.acceptedAt))) : null,
    accept, outcome);
}

/** A part of the handover as it comes: a list (outages with ETR and reports), a table of counts, or a value. */
function describe(ctx, key, value, inOutages = key === 'outages') {
  if (Array.isArray(value)) {
    if (value.length === 0) return h('p', { class: 'note' }, ctx.t('none'));
    return h('ul', {}, value.slice(0, 50).map((item) => h('li', { 'data-testid': inOutages ? 'outage-row' : undefined }, inOutages ? outageLine(ctx, item) : itemLine(ctx, item))));
  }
  if (value && typeof value === 'object') {
    return h('dl', { class: 'counts' }, Object.entries(value).map(([name, inner]) => [h('dt', {}, partLabel(ctx, name)), h('dd', {}, inner && typeof inner === 'object' ? describe(ctx, name, inner, inOutages) : String(inner))]));
  }
  return h('p', {}, String(value));
}

/** A handover key in words: a part, a ticket type or status, or a callback reason; else the key. */
function partLabel(ctx, key) {
  for (const prefix of ['handoverPart', 'type', 'ticketStatus', 'callbackReason']) {
    const text = label(ctx, prefix, key);
    if (text !== key) return text;
  }
  return key;
}

function outageLine(ctx, outage) {
  const { t } = ctx;
  const reports = outage.reportCount ?? outage.reports ?? outage.reporters;
  return [outage.outageId ?? '', outage.cause ? ` ${outage.cause}` : '', outage.kind || outage.status ? ` · ${outage.kind ?? outage.status}` : '',
    outage.etr ? ` · ${t('etr')} ${when(ctx, outage.etr)}` : '', reports !== undefined ? ` · ${t('reports', String(typeof reports === 'object' ? JSON.stringify(reports) : reports))}` : ''].join('');
}

function itemLine(ctx, item) {
  if (!item || typeof item !== 'object') return String(item);
  const id = item.ticketId ?? item.orderId ?? item.callbackId ?? item.outageId ?? item.id;
  const rest = Object.entries(item).filter(([k, v]) => k !== 'ticketId' && k !== 'orderId' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')).slice(0, 4)
    .map(([k, v]) => `${label(ctx, 'field', k)}: ${/At$|^due|^etr$/.test(k) && typeof v === 'string' ? when(ctx, v) : String(v)}`);
  return [id ? h(item.ticketId ? 'a' : 'span', item.ticketId ? { href: `#/ticket/${encodeURIComponent(item.ticketId)}` } : {}, String(id)) : null, rest.length ? ` ${rest.join(' · ')}` : ''];
}

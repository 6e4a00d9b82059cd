// One work order: what the customer reported (as much as the API lets this
// role see), its clocks, what was recorded, and the department's forms.
// The forms check what a browser can (required fields, times not in the
// future); the API decides, and its refusal is shown as it said it.
import { h, replace } from '../dom.js';
import { ApiError } from '../api.js';
import { clocksOf, label, load, refusal, tickClocks, when } from './common.js';

/** The department's steps for each ticket type, in the order they happen, with their fields. */
const STEPS = {
  fault_report: ['dispatch', 'arrive', 'cause', 'restore', 'send_back'],
  information_query: ['answer', 'send_back'],
  consultation: ['answer', 'send_back'],
  service_application: ['answer', 'send_back'],
  complaint: ['answer', 'extend', 'send_back'],
  whistleblowing_report: ['result', 'send_back'],
  suggestion_praise: ['send_back'],
};
const FIELDS = {
  dispatch: [['crewLeader', 'text'], ['phone', 'tel'], ['departedAt', 'past']],
  arrive: [['arrivedAt', 'past']],
  cause: [['cause', 'text'], ['expectedFixAt', 'future']],
  restore: [['cause', 'text'], ['result', 'textarea'], ['restoredAt', 'past']],
  answer: [['answer', 'textarea']],
  extend: [['reason', 'textarea']],
  result: [['result', 'textarea'], ['finished', 'checkbox']],
  send_back: [['reason', 'textarea']],
};
/** Which state each step is taken from (the API's rule, so the likely next step is offered first). */
const FROM = { dispatch: ['open'], arrive: ['dispatched'], cause: ['on_site'], restore: ['on_site', 'cause_reported'], answer: ['open'], extend: ['open'], result: ['open'], send_back: ['open'] };

export function mount(root, ctx, [orderId]) {
  const details = h('section', { class: 'order', 'data-testid': 'order' });
  const forms = h('section', { class: 'forms', 'data-testid': 'forms' });
  root.append(h('p', {}, h('a', { href: '#/inbox' }, ctx.t('backToInbox'))), details, forms);
  const path = `work-orders/${encodeURIComponent(orderId ?? '')}`;
  let drawnVersion;
  const refresh = () => load(ctx, details, path, ({ order }) => {
    drawDetails(ctx, details, order);
    // Forms are redrawn only when the order moved, so a half-filled form survives a refresh.
    if (order.version !== drawnVersion) {
      drawnVersion = order.version;
      drawForms(ctx, forms, order, refresh);
    }
  }).then((data) => { if (!data) replace(forms); });
  return { refresh, tick: () => tickClocks(ctx, details) };
}

function drawDetails(ctx, section, order) {
  const { t } = ctx;
  const recorded = Object.entries(order.record ?? {});
  replace(section,
    h('h2', {}, order.orderId, ' ', h('span', { class: 'tag' }, label(ctx, 'type', order.ticketType)), ' ', h('span', { class: 'tag state', 'data-testid': 'order-state' }, label(ctx, 'state', order.state))),
    h('dl', { class: 'facts' },
      h('dt', {}, t('reported')), h('dd', { 'data-testid': 'order-summary' }, order.summary ?? ''),
      h('dt', {}, t('department')), h('dd', {}, ctx.departmentName(order.departmentId)),
      order.area ? [h('dt', {}, t('area')), h('dd', {}, order.area)] : null,
      h('dt', {}, t('opened')), h('dd', {}, when(ctx, order.ticketOpenedAt)),
      order.reporter ? [h('dt', {}, t('reporter')), h('dd', {}, `${order.reporter.phone} (${order.reporter.language})`)] : null,
      h('dt', {}, t('clocks')), h('dd', { 'data-testid': 'order-clocks' }, clocksOf(ctx, order)),
      order.reroutedTo ? [h('dt', {}, t('reroutedTo')), h('dd', {}, h('a', { href: `#/order/${encodeURIComponent(order.reroutedTo)}` }, order.reroutedTo))] : null),
    recorded.length === 0 ? null : h('section', { class: 'record' }, h('h3', {}, t('recorded')),
      h('ol', {}, recorded.map(([action, values]) => h('li', {}, h('strong', {}, label(ctx, 'action', action)), ' ',
        Object.entries(values).filter(([name]) => name !== 'recordedAt').map(([name, value]) => `${label(ctx, 'field', name)}: ${String(value)}`).join('; '),
        values.recordedAt ? ` · ${when(ctx, values.recordedAt)}` : '')))));
  tickClocks(ctx, section);
}

function drawForms(ctx, section, order, refresh) {
  const role = ctx.session.role;
  replace(section);
  if (role === 'department' || role === 'discipline_office') {
    const steps = STEPS[order.ticketType] ?? ['send_back'];
    const next = steps.filter((step) => FROM[step].includes(order.state));
    if (next.length === 0) section.append(h('p', { class: 'note', 'data-testid': 'no-step' }, ctx.t('noStepNow', label(ctx, 'state', order.state))));
    for (const step of next) section.append(stepForm(ctx, order, step, refresh, true));
    const others = steps.filter((step) => !next.includes(step));
    if (others.length > 0) section.append(h('details', { class: 'other-steps' }, h('summary', {}, ctx.t('otherSteps')), others.map((step) => stepForm(ctx, order, step, refresh, false))));
  } else if ((role === 'shift_lead' || role === 'supervisor') && order.state === 'sent_back' && !order.reroutedTo) {
    section.append(rerouteForm(ctx, order, refresh));
  }
}

function stepForm(ctx, order, step, refresh, expected) {
  const { t } = ctx;
  const outcome = h('p', { class: 'outcome', role: 'status', 'data-testid': `outcome-${step}` });
  const inputs = FIELDS[step].map(([name, kind]) => field(ctx, name, kind));
  const form = h('form', { class: `panel step${expected ? ' expected' : ''}`, 'data-testid': `form-${step}`, novalidate: false },
    h('h3', {}, label(ctx, 'action', step)),
    inputs.map((i) => i.label),
    h('button', { type: 'submit', 'data-testid': `submit-${step}` }, label(ctx, 'action', step)),
    outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const i of inputs) i.input.removeAttribute('aria-invalid');
    const body = Object.fromEntries(inputs.map((i) => [i.name, i.value()]));
    const refusedHere = inputs.find((i) => i.problem());
    if (refusedHere) {
      refusedHere.input.setAttribute('aria-invalid', 'true');
      replace(outcome, h('span', { class: 'error', 'data-testid': 'form-refused' }, `${label(ctx, 'field', refusedHere.name)}: ${refusedHere.problem()}`));
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const answer = await ctx.api.post(`work-orders/${encodeURIComponent(order.orderId)}/${step}`, body);
      replace(outcome, h('span', { class: 'ok', 'data-testid': 'form-done' }, answer.changed === false ? t('alreadyRecorded') : t('recordedNow')));
      await refresh();
    } catch (error) {
      if (!(error instanceof ApiError)) {
        replace(outcome, h('span', { class: 'error', 'data-testid': 'form-refused' }, t('notSentUnreachable')));
        return;
      }
      inputs.find((i) => i.name === error.field)?.input.setAttribute('aria-invalid', 'true');
      replace(outcome, h('span', { class: 'error', 'data-testid': 'form-refused', 'data-status': String(error.status) },
        error.status === 409 ? t('wrongState', label(ctx, 'state', error.state ?? '')) : '', refusal(ctx, error).textContent));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** One input: its label, how its value is sent, and what the browser can refuse before the API does. */
function field(ctx, name, kind) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  let input;
  if (kind === 'textarea') input = h('textarea', { id, name, rows: 3, maxlength: 2000, required: true });
  else if (kind === 'checkbox') input = h('input', { id, name, type: 'checkbox' });
  else if (kind === 'past' || kind === 'future') input = h('input', { id, name, type: 'datetime-local', step: 1, required: true, value: localInputValue(ctx.now() + (kind === 'future' ? 3_600_000 : 0)) });
  else input = h('input', { id, name, type: kind === 'tel' ? 'tel' : 'text', maxlength: kind === 'tel' ? 20 : 200, required: true });
  input.dataset.testid = `field-${name}`;
  const wrapper = kind === 'checkbox' ? h('label', { class: 'check' }, input, h('span', {}, label(ctx, 'field', name))) : h('label', {}, h('span', {}, label(ctx, 'field', name)), input);
  const value = () => {
    if (kind === 'checkbox') return input.checked;
    if (kind === 'past' || kind === 'future') return input.value ? new Date(input.value).toISOString() : '';
    return input.value.trim();
  };
  const problem = () => {
    if (kind === 'checkbox') return undefined;
    if (!input.value.trim()) return ctx.t('required');
    if (kind === 'past' && Date.parse(value()) > ctx.now() + 60_000) return ctx.t('notInFuture');
    if (kind === 'future' && Date.parse(value()) <= ctx.now()) return ctx.t('mustBeFuture');
    return undefined;
  };
  return { name, input, label: wrapper, value, problem };
}

function rerouteForm(ctx, order, refresh) {
  const { t } = ctx;
  const outcome = h('p', { class: 'outcome', role: 'status' });
  const select = h('select', { name: 'department', 'data-testid': 'field-department' }, (ctx.config.departments ?? []).filter((d) => d.departmentId !== order.departmentId).map((d) => h('option', { value: d.departmentId }, d.name)));
  const form = h('form', { class: 'panel step expected', 'data-testid': 'form-reroute' }, h('h3', {}, label(ctx, 'action', 'reroute')), h('p', { class: 'note' }, t('sentBackBecause', order.record?.send_back?.reason ?? '')),
    h('label', {}, h('span', {}, t('department')), select), h('button', { type: 'submit' }, label(ctx, 'action', 'reroute')), outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await ctx.api.post(`work-orders/${encodeURIComponent(order.orderId)}/reroute`, { department: select.value });
      ctx.go(`#/order/${encodeURIComponent(answer.order.orderId)}`);
    } catch (error) {
      replace(outcome, error instanceof ApiError ? refusal(ctx, error) : t('notSentUnreachable'));
    }
    await refresh();
  });
  return form;
}

/** A datetime-local value (the browser's local time) for an instant. */
function localInputValue(ms) {
  const date = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// Pieces the views share: clocks that count down, the API's refusals as
// text, and "not available yet" when a route has not been built (404).
import { h, replace } from '../dom.js';
import { ApiError, ApiUnreachableError } from '../api.js';
import { clockState, countdown } from '../clock.js';

/** A clock element that `tickClocks` keeps counting; amber inside the warning margin, red when late. */
export function clockElement(ctx, milestone, dueIso) {
  const element = h('span', { class: 'clock', 'data-testid': 'clock', 'data-due': dueIso, 'data-milestone': milestone, title: new Date(dueIso).toLocaleString(ctx.language) });
  updateClock(ctx, element);
  return element;
}

/** Recounts every clock under `root`. */
export function tickClocks(ctx, root) {
  for (const element of root.querySelectorAll('[data-due]')) updateClock(ctx, element);
}

function updateClock(ctx, element) {
  const { state, remainingMs } = clockState(element.dataset.due, ctx.now(), ctx.config.warningMinutes ?? 10);
  element.className = `clock clock-${state}`;
  element.dataset.state = state;
  const label = ctx.t(`milestone.${element.dataset.milestone}`);
  element.textContent = state === 'late' ? ctx.t('lateBy', label, countdown(remainingMs)) : ctx.t('dueIn', label, countdown(remainingMs));
}

/** The clocks an order owes, soonest first, or "no clock running". */
export function clocksOf(ctx, order) {
  const entries = Object.entries(order.due ?? {}).sort((a, b) => a[1].localeCompare(b[1]));
  if (entries.length === 0) return h('span', { class: 'clock clock-stopped', 'data-testid': 'clock-stopped' }, ctx.t('noClock'));
  return h('span', { class: 'clocks' }, entries.map(([milestone, due]) => clockElement(ctx, milestone, due)));
}

/**
 * Loads one API path into a section: on 404 of the route "not available
 * yet", on another refusal the API's reason; unreachable leaves what is shown.
 * `draw(data)` runs only when the answer changed.
 */
export async function load(ctx, section, path, draw, options = {}) {
  try {
    const { data, changed } = await ctx.api.get(path, options);
    if (changed || section.dataset.loaded !== 'yes') {
      section.dataset.loaded = 'yes';
      draw(data);
    }
    ctx.updated();
    return data;
  } catch (error) {
    if (error instanceof ApiUnreachableError) {
      if (section.dataset.loaded !== 'yes') replace(section, h('p', { class: 'note' }, ctx.t('waitingForApi')));
      throw error;
    }
    if (!(error instanceof ApiError)) throw error;
    section.dataset.loaded = 'no';
    replace(section, error.status === 404 && options.routeMayBeMissing ? notAvailable(ctx) : refusal(ctx, error));
    return undefined;
  }
}

export function notAvailable(ctx) {
  return h('p', { class: 'unavailable', 'data-testid': 'not-available' }, ctx.t('notAvailable'));
}

/** The API's refusal as the user reads it: what it said, and its status. */
export function refusal(ctx, error) {
  const reason = error.status === 403 ? ctx.t('forbidden') : error.status === 404 ? ctx.t('notFound') : ctx.t('refused');
  return h('p', { class: 'error', role: 'alert', 'data-testid': 'refused', 'data-status': String(error.status) }, `${reason} (${error.status}) ${error.message}`);
}

/** A short local time. */
export function when(ctx, iso) {
  return iso ? new Date(iso).toLocaleString(ctx.language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
}

/** A label from the texts, or the raw value when the texts do not know it. */
export function label(ctx, prefix, value) {
  const text = ctx.t(`${prefix}.${value}`);
  return text === `${prefix}.${value}` ? String(value) : text;
}

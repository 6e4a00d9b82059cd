/* global document, window */
// Indicators against their targets over a chosen period, for the supervisor
// and the quality inspector: a table for the period and a chart per
// indicator, day by day, with its target as a dashed line. The charting
// library (uPlot, ~51 KB minified, ~22 KB gzipped, canvas, no dependencies)
// is loaded only here, from the console's own files.
import { h, replace } from '../dom.js';
import { targetValue } from '../clock.js';
import { label, load } from './common.js';

const DAY = 86_400_000;
const REFRESH_MS = 60_000;
let uPlotLoading;

/** uPlot, loaded once, from the console's own files (a script element: the CSP allows only 'self'). */
function loadUPlot() {
  uPlotLoading ??= new Promise((resolve, reject) => {
    document.head.append(h('link', { rel: 'stylesheet', href: 'vendor/uPlot.min.css' }));
    document.head.append(h('script', { src: 'vendor/uPlot.iife.min.js', onload: () => resolve(window.uPlot), onerror: () => reject(new Error('uPlot did not load')) }));
  });
  return uPlotLoading;
}

export function mount(root, ctx) {
  const { t } = ctx;
  const today = startOfDay(ctx.now());
  const from = h('input', { type: 'date', name: 'from', value: isoDate(today - 6 * DAY), 'data-testid': 'period-from' });
  const to = h('input', { type: 'date', name: 'to', value: isoDate(today), 'data-testid': 'period-to' });
  const table = h('section', { 'data-testid': 'indicator-table' });
  const charts = h('section', { class: 'charts', 'data-testid': 'charts' });
  const form = h('form', { class: 'period' }, h('label', {}, h('span', {}, t('from')), from), h('label', {}, h('span', {}, t('to')), to), h('button', { type: 'submit' }, t('show')));
  root.append(h('h2', {}, t('view.indicators')), form, table, charts);
  let loadedAt = 0;
  const plots = [];
  const refresh = async (force = false) => {
    if (!force && ctx.now() - loadedAt < REFRESH_MS) return;
    loadedAt = ctx.now();
    const start = Date.parse(`${from.value}T00:00:00`);
    const end = Date.parse(`${to.value}T00:00:00`) + DAY;
    if (!(start < end)) return;
    const total = await load(ctx, table, `indicators?from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}`, (data) => drawTable(ctx, table, indicatorsOf(data)), { routeMayBeMissing: true });
    if (!total) return replace(charts);
    const days = [];
    for (let day = start; day < end && days.length < 62; day += DAY) days.push(day);
    const daily = await Promise.all(days.map((day) => ctx.api.get(`indicators?from=${new Date(day).toISOString()}&to=${new Date(day + DAY).toISOString()}`).then(({ data }) => indicatorsOf(data), () => [])));
    const uPlot = await loadUPlot();
    for (const plot of plots.splice(0)) plot.destroy();
    drawCharts(ctx, charts, uPlot, days, indicatorsOf(total), daily, plots);
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); refresh(true); });
  return { refresh, unmount: () => plots.forEach((plot) => plot.destroy()) };
}

// GET /indicators answers { quality: [...], calls: { indicators: [...] }, agents }: the quality
// indicators are shares (0-1), the call indicators carry their unit.
const indicatorsOf = (data) => {
  if (Array.isArray(data)) return data;
  if (Array.isArray(data?.indicators)) return data.indicators;
  return [...(data?.quality ?? []).map((i) => ({ unit: 'ratio', ...i })), ...(data?.calls?.indicators ?? [])];
};

function drawTable(ctx, section, indicators) {
  const { t } = ctx;
  replace(section, h('table', { class: 'indicators' },
    h('thead', {}, h('tr', {}, h('th', {}, t('indicator')), h('th', {}, t('value')), h('th', {}, t('target')), h('th', {}, t('met')))),
    h('tbody', {}, indicators.map((i) => h('tr', { class: i.met === false ? 'missed' : i.met ? 'met' : '', 'data-testid': 'indicator-row' },
      h('td', {}, label(ctx, 'indicator', i.name)), h('td', {}, format(i.value, i.unit)), h('td', {}, typeof i.target === 'object' ? JSON.stringify(i.target) : String(i.target ?? '')),
      h('td', {}, i.met === undefined || i.met === null ? '–' : i.met ? '✓' : '✗'))))));
}

function drawCharts(ctx, section, uPlot, days, indicators, daily, plots) {
  replace(section);
  for (const indicator of indicators) {
    const values = daily.map((day) => numberOr(day.find((i) => i.name === indicator.name)?.value));
    if (values.every((v) => v === null) && typeof indicator.value !== 'number') continue;
    const target = targetValue(indicator.target);
    const scale = indicator.unit === 'ratio' ? 100 : 1;
    const series = [{}, { label: label(ctx, 'indicator', indicator.name), stroke: '#1f6feb', width: 2, points: { show: true } }];
    const data = [days.map((d) => d / 1000), values.map((v) => (v === null ? null : v * scale))];
    if (target) {
      series.push({ label: ctx.t('target'), stroke: '#c0392b', dash: [6, 4], width: 1, points: { show: false } });
      data.push(days.map(() => target.value * scale));
    }
    const figure = h('figure', { class: 'chart', 'data-testid': 'chart' }, h('figcaption', {}, label(ctx, 'indicator', indicator.name), indicator.unit === 'ratio' ? ' (%)' : indicator.unit === 'seconds' ? ' (s)' : '',
      target ? h('span', { class: 'meta' }, ` · ${ctx.t('targetDashed')}`) : ''));
    section.append(figure);
    // As wide as its grid cell (one column on a phone); the caption names the series, so no legend.
    const width = Math.max(220, figure.clientWidth - 16);
    plots.push(new uPlot({ width, height: 180, series, scales: { x: { time: true } }, legend: { show: false } }, data, figure));
  }
}

const numberOr = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function format(value, unit) {
  if (typeof value !== 'number') return '–';
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'seconds') return `${value.toFixed(1)} s`;
  return String(Math.round(value * 100) / 100);
}

function startOfDay(ms) {
  const date = new Date(ms);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

function isoDate(ms) {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

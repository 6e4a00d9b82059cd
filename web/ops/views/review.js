// The quality inspector's day (issue 15's sample, issue 16's page): the
// day's random sample of tickets (drawn once by the API, the same however
// often), each opened to read the ticket as filed and judged: its type right
// or wrong and, for a query ticket, its key fields. Each verdict is recorded
// once (the API refuses a different second one) and the day's correctness
// indicators above the list move with it.
import { h, replace } from '../dom.js';
import { ApiError } from '../api.js';
import { label, load, refusal, when } from './common.js';

const SHOWN = ['ticket_correctness_non_query', 'key_fields_correct_query'];
/** The indicators are a report over the day's counters: read again after each review, else every 30 s. */
const MEASURES_EVERY_MS = 30_000;

export function mount(root, ctx) {
  const { t } = ctx;
  const day = centreDay(ctx);
  const measures = h('section', { class: 'measures', 'data-testid': 'review-indicators' });
  const sample = h('section', { 'data-testid': 'sample' });
  const item = h('section', { class: 'review-item', 'data-testid': 'review-item' });
  root.append(h('h2', {}, t('reviewOf', day)), measures, sample, item);
  const state = { items: [] };

  let measuresReadAt = -Infinity;
  const refreshIndicators = (force = false) => {
    if (!force && ctx.now() - measuresReadAt < MEASURES_EVERY_MS && measures.dataset.loaded === 'yes') return undefined;
    measuresReadAt = ctx.now();
    // The counters are per local day: any instant of today reads today's.
    const to = new Date(ctx.now());
    const from = new Date(to.getTime() - 1000);
    return load(ctx, measures, `indicators?from=${from.toISOString()}&to=${to.toISOString()}`, (data) => drawMeasures(ctx, measures, data.quality ?? []), { routeMayBeMissing: true });
  };
  const refreshSample = () => load(ctx, sample, `quality/samples/${day}`, (data) => {
    state.items = data.items ?? [];
    drawSample(ctx, sample, state.items, day, draw, open);
  }, { routeMayBeMissing: true });
  const refresh = () => Promise.all([refreshIndicators(), refreshSample()]);

  async function draw(button) {
    button.disabled = true;
    try {
      const { items } = await ctx.api.post('quality/samples', { day });
      state.items = items ?? [];
      drawSample(ctx, sample, state.items, day, draw, open);
    } catch (error) {
      button.disabled = false;
      sample.append(error instanceof ApiError ? refusal(ctx, error) : h('p', { class: 'error' }, t('notSentUnreachable')));
    }
  }

  /** Opens a sample item: the ticket as the API lets an inspector read it, and the verdict form. */
  async function open(entry) {
    const ticket = h('div', { 'data-testid': 'review-ticket' });
    replace(item, h('h3', {}, t('reviewing', entry.ticketId)), ticket, verdictForm(ctx, entry, day, async () => {
      await Promise.all([refreshSample(), refreshIndicators(true)]);
    }));
    item.scrollIntoView?.({ block: 'nearest' });
    await load(ctx, ticket, `tickets/${encodeURIComponent(entry.ticketId)}`, (data) => drawTicket(ctx, ticket, data)).catch(() => {});
  }

  return { refresh };
}

/** Today in the centre's zone, by the API's clock (the sample is a local day there). */
function centreDay(ctx) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ctx.config.timeZone ?? 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ctx.now()));
}

function drawMeasures(ctx, section, quality) {
  const { t } = ctx;
  const shown = quality.filter((i) => SHOWN.includes(i.name));
  replace(section, h('dl', { class: 'counts measures' }, shown.map((i) => [
    h('dt', {}, label(ctx, 'indicator', i.name)),
    h('dd', { 'data-testid': `measure-${i.name}` },
      typeof i.value === 'number' ? `${(i.value * 100).toFixed(1)}%` : '–',
      ` · ${t('reviewedCorrect', i.basis?.reviewed ?? 0, i.basis?.correct ?? 0)}`,
      typeof i.target === 'number' ? ` · ${t('target')} ${(i.target * 100).toFixed(0)}%` : ''),
  ])));
}

function drawSample(ctx, section, items, day, draw, open) {
  const { t } = ctx;
  if (items.length === 0) {
    const button = h('button', { type: 'button', 'data-testid': 'draw-sample' }, t('drawSample'));
    button.addEventListener('click', () => draw(button));
    return replace(section, h('div', { class: 'panel' }, h('p', { class: 'note', 'data-testid': 'sample-empty' }, t('sampleEmpty', day)), button));
  }
  const done = items.filter((i) => i.reviewedAt).length;
  const sorted = [...items].sort((a, b) => Number(Boolean(a.reviewedAt)) - Number(Boolean(b.reviewedAt)) || a.kind.localeCompare(b.kind) || a.ticketId.localeCompare(b.ticketId));
  replace(section,
    h('p', { class: 'meta', 'data-testid': 'sample-progress' }, t('sampleProgress', done, items.length)),
    h('ol', { class: 'cards' }, sorted.map((entry) => h('li', { class: `card${entry.reviewedAt ? ' reviewed' : ''}`, 'data-testid': 'sample-row', 'data-ticket': entry.ticketId },
      h('span', { class: 'title' }, entry.ticketId),
      h('span', { class: 'tag' }, label(ctx, 'type', entry.ticketType)),
      h('span', { class: 'tag' }, label(ctx, 'sampleKind', entry.kind)),
      h('span', { class: 'tag state', 'data-testid': 'sample-verdict' }, verdictText(ctx, entry)),
      entry.reviewedAt ? h('span', { class: 'meta' }, when(ctx, entry.reviewedAt)) : h('button', { type: 'button', 'data-testid': 'open-sample', onclick: () => open(entry) }, t('review'))))));
}

function verdictText(ctx, entry) {
  const { t } = ctx;
  if (!entry.reviewedAt) return t('notReviewed');
  const parts = [entry.correct ? t('typeRight') : t('typeWrong')];
  if (entry.kind === 'query') parts.push(entry.keyFieldsCorrect ? t('keyFieldsRight') : t('keyFieldsWrong'));
  return parts.join(' · ');
}

function drawTicket(ctx, section, { ticket, timeline }) {
  const { t } = ctx;
  replace(section, h('dl', { class: 'facts' },
    h('dt', {}, t('recordedType')), h('dd', {}, label(ctx, 'type', ticket.type)),
    h('dt', {}, t('reported')), h('dd', { 'data-testid': 'review-summary' }, ticket.summary ?? ''),
    h('dt', {}, t('opened')), h('dd', {}, when(ctx, ticket.createdAt)),
    h('dt', {}, t('channel')), h('dd', {}, ticket.channel ?? ''),
    h('dt', {}, t('reporter')), h('dd', {}, ticket.openedBy ?? ''),
    ticket.keyFields ? [h('dt', {}, t('keyFields')), h('dd', {}, Object.entries(ticket.keyFields).map(([k, v]) => `${label(ctx, 'field', k)}: ${String(v)}`).join('; '))] : null,
    h('dt', {}, t('timeline')), h('dd', {}, h('ol', { class: 'timeline' }, (timeline ?? []).slice(0, 20).map((entry) => h('li', {}, when(ctx, entry.at), ' ', entry.text ?? entry.kind ?? ''))))));
}

/** Two yes/no questions (one for a non-query ticket); both answers required, as the API requires them. */
function verdictForm(ctx, entry, day, after) {
  const { t } = ctx;
  const outcome = h('p', { class: 'outcome', role: 'status', 'data-testid': 'review-outcome' });
  const question = (name, text, yes, no) => h('fieldset', { class: 'verdict', 'data-testid': `verdict-${name}` }, h('legend', {}, text),
    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'true', 'data-testid': `verdict-${name}-yes` }), h('span', {}, yes)),
    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'false', 'data-testid': `verdict-${name}-no` }), h('span', {}, no)));
  const form = h('form', { class: 'panel step expected', novalidate: true, 'data-testid': 'review-form' },
    question('correct', t('isTypeRight'), t('typeRight'), t('typeWrong')),
    entry.kind === 'query' ? question('keyFieldsCorrect', t('areKeyFieldsRight'), t('keyFieldsRight'), t('keyFieldsWrong')) : null,
    h('button', { type: 'submit', 'data-testid': 'submit-review' }, t('recordReview')),
    outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
    const body = { correct: answer('correct') === 'true' };
    if (entry.kind === 'query') body.keyFieldsCorrect = answer('keyFieldsCorrect') === 'true';
    const missing = ['correct', ...(entry.kind === 'query' ? ['keyFieldsCorrect'] : [])].find((name) => answer(name) === undefined);
    if (missing) return replace(outcome, h('span', { class: 'error', 'data-testid': 'review-refused' }, t('answerBoth')));
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await ctx.api.post(`quality/samples/${day}/${encodeURIComponent(entry.ticketId)}`, body);
      replace(outcome, h('span', { class: 'ok', 'data-testid': 'review-done' }, t('recordedNow')));
      // Recorded: if the re-read fails, the next poll brings it (the banner says the API is unreachable).
      await after().catch(() => {});
    } catch (error) {
      button.disabled = false;
      replace(outcome, error instanceof ApiError ? refusal(ctx, error) : h('span', { class: 'error' }, t('notSentUnreachable')));
    }
  });
  return form;
}

/* global document, fetch, location, setInterval, window */
// The ops console (issue 16): one page, a view per role, refreshed in place.
// Every view gets the same context: the API client, the session, the
// configuration, the texts and the server's clock.
import { h, replace } from './dom.js';
import { Api, ApiUnreachableError } from './api.js';
import { cognitoSignIn, cognitoSignOutUrl, completeCognitoSignIn, currentSession, refreshSession, signOutLocally, tokenExpiresSoon } from './auth.js';
import { language, setLanguage, t } from './i18n.js';
import * as signin from './views/signin.js';
import * as inbox from './views/inbox.js';
import * as order from './views/order.js';
import * as ticket from './views/ticket.js';
import * as tickets from './views/tickets.js';
import * as board from './views/board.js';
import * as reports from './views/reports.js';
import * as review from './views/review.js';

const VIEWS = { signin, inbox, order, ticket, tickets, board, reports, review, indicators: { lazy: () => import('./views/indicators.js') } };

/** The views each role finds in its navigation; the first is its home. The API still decides every request. */
const NAVIGATION = {
  department: ['inbox'],
  discipline_office: ['reports', 'inbox'],
  shift_lead: ['board', 'inbox', 'tickets'],
  supervisor: ['board', 'indicators', 'inbox', 'tickets'],
  quality_inspector: ['review', 'indicators', 'tickets'],
  agent: ['tickets'],
};

const state = { config: undefined, session: undefined, api: undefined, current: undefined, serverSkewMs: 0, unreachableSince: undefined, mounting: 0 };

async function start() {
  state.config = await (await fetch('config.json', { cache: 'no-store' })).json();
  for (const button of document.querySelectorAll('[data-lang]')) button.addEventListener('click', () => { setLanguage(button.dataset.lang); render(); });
  document.getElementById('sign-out').addEventListener('click', signOut);
  try {
    state.session = (await completeCognitoSignIn(state.config)) ?? currentSession();
  } catch (error) {
    state.signInError = error.message;
  }
  state.api = new Api({
    base: state.config.apiBase ?? 'api/',
    token: () => state.session?.token,
    // Renewed a minute before it expires (by this browser's clock), and once on a 401.
    expiresSoon: () => state.session !== undefined && tokenExpiresSoon(state.session),
    renew: async () => {
      state.session = await refreshSession(state.config, state.session);
      return state.session.token;
    },
    onReachable: reachable,
    onSignedOut: (reason) => {
      if (!state.session) return;
      signOutLocally();
      state.session = undefined;
      state.signInReason = reason;
      render();
    },
    onServerTime: (skew) => { state.serverSkewMs = skew; },
  });
  window.addEventListener('hashchange', render);
  setInterval(poll, (state.config.pollSeconds ?? 5) * 1000);
  setInterval(() => state.current?.tick?.(), 1000);
  render();
}

function context() {
  return {
    api: state.api,
    session: state.session,
    config: state.config,
    t,
    language: language(),
    now: () => Date.now() + state.serverSkewMs,
    go: (hash) => { location.hash = hash; },
    signedIn: (session) => { state.session = session; state.signInReason = undefined; location.hash = `#/${NAVIGATION[session.role]?.[0] ?? 'tickets'}`; render(); },
    signInError: state.signInError,
    signInReason: state.signInReason,
    startCognito: () => cognitoSignIn(state.config),
    updated: stampUpdated,
    departmentName,
  };
}

/** Mounts the view the hash names (home of the role when none), after the header. */
async function render() {
  const mounting = ++state.mounting;
  document.documentElement.lang = language();
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  document.title = `${t('title')} · 95598`;
  const [name, ...params] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  renderHeader();
  let viewName = state.session ? name || NAVIGATION[state.session.role]?.[0] || 'tickets' : 'signin';
  if (!VIEWS[viewName]) viewName = NAVIGATION[state.session.role]?.[0] ?? 'tickets';
  let module = VIEWS[viewName];
  if (module.lazy) module = await module.lazy();
  if (mounting !== state.mounting) return;
  state.current?.unmount?.();
  const root = replace(document.getElementById('view'));
  root.dataset.view = viewName;
  state.current = module.mount(root, context(), params);
  await refresh();
}

function renderHeader() {
  const nav = replace(document.getElementById('nav'));
  const who = document.getElementById('who');
  document.getElementById('sign-out').hidden = !state.session;
  if (!state.session) return replace(who);
  const here = location.hash.replace(/^#\/?/, '').split('/')[0];
  for (const view of NAVIGATION[state.session.role] ?? []) {
    nav.append(h('a', { href: `#/${view}`, 'aria-current': view === here ? 'page' : undefined, 'data-testid': `nav-${view}` }, t(`view.${view}`)));
  }
  replace(who, t(`role.${state.session.role}`), state.session.departmentId ? ` · ${departmentName(state.session.departmentId)}` : '');
}

/** A department's name in the configured list, else its id. */
function departmentName(id) {
  return state.config?.departments?.find((d) => d.departmentId === id)?.name ?? id;
}

async function poll() {
  if (document.hidden) return;
  await refresh();
}

async function refresh() {
  try {
    await state.current?.refresh?.();
  } catch (error) {
    if (!(error instanceof ApiUnreachableError)) throw error;
  }
}

function reachable(ok) {
  const status = document.getElementById('status');
  if (ok) {
    state.unreachableSince = undefined;
    status.hidden = true;
    return;
  }
  state.unreachableSince ??= new Date();
  status.hidden = false;
  replace(status, t('unreachable', clockTime(state.unreachableSince), state.config.pollSeconds ?? 5));
}

function stampUpdated() {
  replace(document.getElementById('updated'), t('updatedAt', clockTime(new Date())));
}

function clockTime(date) {
  return date.toLocaleTimeString(language(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function signOut() {
  signOutLocally();
  state.session = undefined;
  if (state.config.signIn === 'cognito') return location.assign(cognitoSignOutUrl(state.config));
  location.hash = '';
  render();
}

start();

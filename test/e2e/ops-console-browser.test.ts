import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { Customer } from '../../functions/customers/customer';
import { syntheticCustomers } from '../../functions/customers/synthetic';
import { suspicionId, windowStart } from '../../functions/outages/suspicion';
import type { WorkOrder } from '../../functions/workorders/work-order';
import { LOCAL_OUTAGE_API_KEY } from '../../local/outage-planning';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { launchTestBrowser, type TestBrowser } from '../support/browser';
import { loadEvent, smsEvent } from '../support/events';
import { loginAs } from '../support/login';

/** Where the run leaves a screenshot of each view at both widths (git-ignored, under .local/). */
const SCREENSHOTS = fileURLToPath(new URL('../../.local/screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** The page polls every 5 s; a change must show within two polls. */
const SHOWS = { timeout: 12_000 };
const SEEDED = 40;
/** The page's sessionStorage, as `page.evaluate` reaches it (this file is not compiled with the DOM types). */
interface TabStorage {
  readonly sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}
/** The seeded declared outage (local/seed/outages.json). */
const DECLARED_OUTAGE = 'OUT-20261123-0001';
/**
 * Two seeded customers under one transformer, off the declared outage's feeder
 * and outside the Xihu and Binjiang desks (whose inboxes the test counts):
 * in storm mode their two fault texts open a suspected outage.
 */
const clusterOf = (() => {
  const byTransformer = new Map<string, Customer[]>();
  for (const c of syntheticCustomers(SEEDED)) if (c.feeder !== 'HZ-XIHU-F02' && !['HZ-XIHU', 'HZ-BINJIANG'].includes(c.area)) byTransformer.set(c.transformer, [...(byTransformer.get(c.transformer) ?? []), c]);
  return [...byTransformer.values()].find((cs) => cs.length >= 2)!.slice(0, 2);
})();

describe('the ops console in headless Chromium, on the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let browser: TestBrowser;
  const pageProblems: string[] = [];
  let xihuOrder: WorkOrder;
  let binjiangOrder: WorkOrder;
  let reportOrder: WorkOrder;
  let queryTicketId: string;
  let suspected: string;
  let desk: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-ops-console-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    [runtime, browser] = await Promise.all([
      startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: SEEDED }),
      launchTestBrowser({ locale: 'zh-CN', viewport: DESKTOP }),
    ]);
    // A Xihu customer's fault (the README's), a Binjiang customer's fault, and a bribery report.
    await sms(loadEvent('sns/sms-fault-xihu.json'));
    await sms(smsEvent({ originationNumber: '+8618092851855', messageBody: '家里停电了，请派人来修', inboundMessageId: 'e2e-ops-binjiang' }));
    await sms(smsEvent({ originationNumber: '+8613766660019', messageBody: '来换表的师傅走之前说，下次给他点好处，电费可以少算一点', inboundMessageId: 'e2e-ops-bribe' }));
    const found = await Promise.all(['repair-HZ-XIHU', 'repair-HZ-BINJIANG', 'discipline-office'].map(async (department) => {
      const response = await fetch(`${runtime.url}/work-orders?department=${department}`, { headers: await loginAs(runtime.url, 'shift_lead') });
      const { orders } = (await response.json()) as { orders: WorkOrder[] };
      expect(orders).toHaveLength(1);
      return orders[0] as WorkOrder;
    }));
    [xihuOrder, binjiangOrder, reportOrder] = found as [WorkOrder, WorkOrder, WorkOrder];
    // A query ticket for the inspector's sample (the topic word decides its type).
    await sms(smsEvent({ originationNumber: '+8613900002468', messageBody: '电费：这个月的电费怎么算的？', inboundMessageId: 'e2e-ops-query' }));
    const queries = await fetch(`${runtime.url}/tickets?customer=${encodeURIComponent('+8613900002468')}`, { headers: await loginAs(runtime.url, 'shift_lead') });
    const [query] = ((await queries.json()) as { tickets: { ticketId: string; type: string }[] }).tickets;
    expect(query?.type).toBe('information_query');
    queryTicketId = query!.ticketId;
    // Storm mode and two neighbours' fault texts in one window: a suspected outage for the board.
    const outageApi = { 'x-api-key': LOCAL_OUTAGE_API_KEY, 'content-type': 'application/json' };
    expect((await fetch(`${runtime.url}/storm-mode`, { method: 'PUT', headers: outageApi, body: JSON.stringify({ on: true }) })).status).toBe(200);
    const at = new Date().toISOString();
    for (const [n, customer] of clusterOf.entries()) {
      const event = smsEvent({ originationNumber: customer.phones[0], messageBody: '停电了，整栋楼都没电', inboundMessageId: `e2e-ops-cluster-${n}` });
      event.Records[0]!.Sns.Timestamp = at;
      await sms(event);
    }
    suspected = suspicionId(clusterOf[0]!.transformer, windowStart(at, 30));
    await vi.waitFor(async () => {
      const { outage } = (await (await fetch(`${runtime.url}/outages/${suspected}`, { headers: outageApi })).json()) as { outage?: { status: string } };
      expect(outage?.status).toBe('suspected');
    }, { ...SHOWS, interval: 200 });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function sms(event: unknown): Promise<void> {
    const response = await fetch(`${runtime.url}/2015-03-31/functions/sms-inbound/invocations`, { method: 'POST', body: JSON.stringify(event) });
    expect(response.status).toBe(200);
  }

  /** A new tab (its own session) signed in through the page's demo sign-in form. */
  async function signIn(role: string, department?: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageProblems.push(message.text());
    });
    page.on('pageerror', (error) => pageProblems.push(error.message));
    await page.goto(`${runtime.url}/ops/`);
    await page.getByTestId('signin-role').selectOption(role);
    if (department) await page.getByTestId('signin-department').selectOption(department);
    await page.getByTestId('signin-submit').click();
    await expect.poll(() => page.getByTestId('who').textContent()).not.toBe('');
    return page;
  }

  /** The view at desktop and phone widths, full page. */
  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }

  it('a department signs in, dispatches and restores a fault, and the clock on the page stops', async () => {
    desk = await signIn('department', 'repair-HZ-XIHU');
    const row = desk.getByTestId('order-row').filter({ hasText: xihuOrder.orderId });
    await expect.poll(() => row.count(), SHOWS).toBe(1);
    // Only its own order, and its crew-on-site clock counts down.
    expect(await desk.getByTestId('order-row').count()).toBe(1);
    const clock = row.getByTestId('clock');
    expect(await clock.getAttribute('data-state')).toBe('ok');
    const before = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 3000 }).not.toBe(before);
    expect(before).toMatch(/^到达现场 剩余 0:4\d:\d\d$/);
    await screenshot(desk, 'inbox');

    await row.getByRole('link', { name: xihuOrder.orderId }).click();
    await expect.poll(() => desk.getByTestId('order-summary').textContent(), SHOWS).toContain('停电');
    await screenshot(desk, 'order');

    const dispatch = desk.getByTestId('form-dispatch');
    await dispatch.getByTestId('field-crewLeader').fill('李强');
    await dispatch.getByTestId('field-phone').fill('+8613900001111');
    await dispatch.getByTestId('submit-dispatch').click();
    await expect.poll(() => desk.getByTestId('order').getByTestId('order-state').textContent(), SHOWS).toBe('已派工');

    // A step the API refuses in this state (the cause is reported after arrival): the page shows the API's reason.
    await desk.locator('details.other-steps summary').click();
    const early = desk.getByTestId('form-cause');
    await early.getByTestId('field-cause').fill('熔丝熔断');
    await early.getByTestId('submit-cause').click();
    await expect.poll(() => early.getByTestId('form-refused').getAttribute('data-status'), SHOWS).toBe('409');
    expect(await early.getByTestId('form-refused').textContent()).toContain('已派工');

    await desk.getByTestId('form-arrive').getByTestId('submit-arrive').click();
    await expect.poll(() => desk.getByTestId('order').getByTestId('order-state').textContent(), SHOWS).toBe('已到场');
    await expect.poll(() => desk.getByTestId('order-clocks').getByTestId('clock').getAttribute('data-milestone')).toBe('causeReport');

    const restore = desk.getByTestId('form-restore');
    await restore.getByTestId('field-cause').fill('熔丝熔断');
    await restore.getByTestId('field-result').fill('更换熔丝，已恢复送电');
    await restore.getByTestId('submit-restore').click();
    await expect.poll(() => desk.getByTestId('order').getByTestId('order-state').textContent(), SHOWS).toBe('已恢复送电');
    expect(await desk.getByTestId('order-clocks').getByTestId('clock').count()).toBe(0);
    expect(await desk.getByTestId('order-clocks').getByTestId('clock-stopped').isVisible()).toBe(true);

    // The API agrees: restored, nothing more owed.
    const response = await fetch(`${runtime.url}/work-orders/${xihuOrder.orderId}`, { headers: await loginAs(runtime.url, 'department', 'repair-HZ-XIHU') });
    expect(((await response.json()) as { order: WorkOrder }).order).toMatchObject({ state: 'restored', due: {} });

    await desk.getByTestId('nav-inbox').click();
    await expect.poll(() => row.getByTestId('clock-stopped').count(), SHOWS).toBe(1);
  });

  it('a department\'s session cannot open another department\'s order or a whistleblowing report by URL', async () => {
    for (const path of [`#/order/${binjiangOrder.orderId}`, `#/order/${reportOrder.orderId}`, `#/ticket/${reportOrder.ticketId}`]) {
      await desk.goto(`${runtime.url}/ops/${path}`);
      await expect.poll(() => desk.getByTestId('refused').getAttribute('data-status'), SHOWS).toBe('403');
      const text = (await desk.getByTestId('view').textContent()) ?? '';
      expect(text).not.toContain(binjiangOrder.summary);
      expect(text).not.toContain('好处');
      expect(await desk.getByTestId('forms').count()).toBe(path.startsWith('#/ticket') ? 0 : 1);
      expect(await desk.locator('[data-testid=forms] form').count()).toBe(0);
    }
    await screenshot(desk, 'refused');
  });

  it('says when the API cannot be reached, keeps what it showed, and recovers', async () => {
    await desk.goto(`${runtime.url}/ops/#/inbox`);
    const row = desk.getByTestId('order-row').filter({ hasText: xihuOrder.orderId });
    await expect.poll(() => row.count(), SHOWS).toBe(1);
    await row.evaluate((element) => { (element as unknown as { dataset: Record<string, string> }).dataset.kept = 'yes'; });
    await desk.route('**/ops/api/**', (route) => route.abort('connectionrefused'));
    await expect.poll(() => desk.getByTestId('status').isVisible(), SHOWS).toBe(true);
    expect(await desk.getByTestId('status').textContent()).toContain('无法连接服务');
    expect(await row.count()).toBe(1);
    await screenshot(desk, 'unreachable');
    await desk.unroute('**/ops/api/**');
    const unchanged: number[] = [];
    desk.on('response', (response) => { if (response.url().includes('/ops/api/work-orders') && response.status() === 304) unchanged.push(response.status()); });
    await expect.poll(() => desk.getByTestId('status').isVisible(), SHOWS).toBe(false);
    // Refreshed in place: the API answered 304 (nothing changed) and the row on screen is the same element, not redrawn.
    await expect.poll(() => unchanged.length, SHOWS).toBeGreaterThan(0);
    expect(await row.evaluate((element) => (element as unknown as { dataset: Record<string, string> }).dataset.kept)).toBe('yes');
  });

  it('the discipline-inspection office sees its report in full', async () => {
    const office = await signIn('discipline_office');
    const report = office.getByTestId('report-row').filter({ hasText: reportOrder.ticketId });
    await expect.poll(() => report.count(), SHOWS).toBe(1);
    await screenshot(office, 'reports');
    await report.getByRole('link', { name: reportOrder.ticketId }).click();
    await expect.poll(() => office.getByTestId('ticket-summary').textContent(), SHOWS).toContain('好处');
    await office.close();
  });

  it('the quality inspector draws the day\'s sample, reviews a fault and a query, and the day\'s indicators move', async () => {
    const inspector = await signIn('quality_inspector');
    await expect.poll(() => inspector.getByTestId('sample-empty').count(), SHOWS).toBe(1);
    await inspector.getByTestId('draw-sample').click();
    const row = (ticketId: string) => inspector.getByTestId('sample-row').filter({ hasText: ticketId });
    await expect.poll(() => row(xihuOrder.ticketId).count(), SHOWS).toBe(1);
    expect(await row(queryTicketId).count()).toBe(1);
    // A whistleblowing report is never in an inspector's sample.
    expect(await row(reportOrder.ticketId).count()).toBe(0);
    const nonQuery = inspector.getByTestId('measure-ticket_correctness_non_query');
    const keyFields = inspector.getByTestId('measure-key_fields_correct_query');
    await expect.poll(() => nonQuery.textContent(), SHOWS).toContain('已检 0，正确 0');
    await screenshot(inspector, 'review');

    // The fault was typed right; the inspector records it wrong, and the non-query correctness shows it.
    await row(xihuOrder.ticketId).getByTestId('open-sample').click();
    await expect.poll(() => inspector.getByTestId('review-summary').textContent(), SHOWS).toContain('停电');
    expect(await inspector.getByTestId('verdict-keyFieldsCorrect').count()).toBe(0);
    await inspector.getByTestId('verdict-correct-no').check();
    await inspector.getByTestId('submit-review').click();
    await expect.poll(() => nonQuery.textContent(), SHOWS).toContain('已检 1，正确 0');
    expect(await nonQuery.textContent()).toMatch(/^0\.0%/);
    await expect.poll(() => row(xihuOrder.ticketId).getByTestId('sample-verdict').textContent(), SHOWS).toBe('类型错误');

    // A query ticket asks about its key fields too; the form refuses a half answer, as the API would.
    await row(queryTicketId).getByTestId('open-sample').click();
    await expect.poll(() => inspector.getByTestId('review-summary').textContent(), SHOWS).toContain('电费');
    await inspector.getByTestId('verdict-correct-yes').check();
    await inspector.getByTestId('submit-review').click();
    expect(await inspector.getByTestId('review-refused').textContent()).toBe('请回答每个问题。');
    await inspector.getByTestId('verdict-keyFieldsCorrect-yes').check();
    await inspector.getByTestId('submit-review').click();
    await expect.poll(() => keyFields.textContent(), SHOWS).toContain('已检 1，正确 1');
    expect(await keyFields.textContent()).toMatch(/^100\.0%/);
    expect(await inspector.getByTestId('sample-progress').textContent()).toMatch(/^已检 2 \/ \d+$/);
    await screenshot(inspector, 'review-item');
    await inspector.close();
  });

  it('the shift lead\'s board shows what the API has (a chase appears, red, once the clock is advanced past a crew\'s limit), or "not available yet"', async () => {
    const lead = await signIn('shift_lead');
    const auth = await loginAs(runtime.url, 'shift_lead');
    // Each section shows what its route answers: its rows, its empty state, or "not available yet" on a 404.
    const sections = [['chases', '/chases', 'chase-row', 'no-chases'], ['callbacks', '/callbacks', 'callback-row', 'no-callbacks'], ['handover', '/handover', 'handover-accept', 'handover-accept']] as const;
    for (const [section, route, rowId, emptyId] of sections) {
      const answer = await fetch(`${runtime.url}/ops/api${route}`, { headers: { ...auth, accept: 'application/json' } });
      const body = (await answer.json()) as Record<string, unknown>;
      const shown = lead.getByTestId(section);
      const listed = Array.isArray(body[section]) ? (body[section] as unknown[]).length : 1;
      const expected = answer.status === 404 ? 'not-available' : listed === 0 ? emptyId : rowId;
      expect([200, 404]).toContain(answer.status);
      await expect.poll(() => shown.getByTestId(expected).count(), SHOWS).toBeGreaterThan(0);
      if (section === 'handover' && answer.status === 200) {
        // The incoming lead accepts what they read, and the page says it is recorded.
        await shown.getByTestId('handover-accept').click();
        await expect.poll(() => shown.getByTestId('handover-accepted').count(), SHOWS).toBe(1);
      }
    }

    // Outages with their ETR and report counts: the suspected one first (two reports), then the declared one.
    const outages = (await (await fetch(`${runtime.url}/ops/api/outages`, { headers: auth })).json()) as { outages: { outageId: string; reports: number }[] };
    expect(outages.outages.map((o) => [o.outageId, o.reports])).toEqual([[suspected, 2], [DECLARED_OUTAGE, 0]]);
    const outageRow = (id: string) => lead.getByTestId('outages').getByTestId('outage-row').filter({ hasText: id });
    await expect.poll(() => outageRow(suspected).getAttribute('data-status'), SHOWS).toBe('suspected');
    expect(await outageRow(suspected).getByTestId('outage-status').textContent()).toBe('疑似停电');
    expect(await outageRow(suspected).getByTestId('outage-reports').textContent()).toBe('报修 2');
    expect(await outageRow(DECLARED_OUTAGE).getByTestId('outage-status').textContent()).toBe('已确认停电');
    expect(await outageRow(DECLARED_OUTAGE).getByTestId('outage-reports').textContent()).toBe('报修 0');
    expect(await outageRow(DECLARED_OUTAGE).getByTestId('outage-etr').textContent()).toMatch(/^预计恢复 \S/);

    // The Binjiang crew never arrives: 50 minutes on (the runtime's clock), its late clock is chased and on the board, red.
    const advanced = await fetch(`${runtime.url}/local/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT50M' }) });
    expect(advanced.status).toBe(200);
    const chase = lead.getByTestId('chases').getByTestId('chase-row').filter({ hasText: binjiangOrder.orderId });
    await expect.poll(() => chase.count(), SHOWS).toBe(1);
    await expect.poll(() => chase.getByTestId('clock').getAttribute('data-state'), SHOWS).toBe('late');
    await screenshot(lead, 'board');
    await lead.goto(`${runtime.url}/ops/#/inbox/repair-HZ-BINJIANG`);
    await expect.poll(() => lead.getByTestId('order-row').filter({ hasText: binjiangOrder.orderId }).count(), SHOWS).toBe(1);
    await screenshot(lead, 'inbox-lead');
    await lead.close();
  });

  it('the supervisor\'s indicators page draws charts when the API serves indicators, else says not available yet', async () => {
    const supervisor = await signIn('supervisor');
    await supervisor.getByTestId('nav-indicators').click();
    const answer = await fetch(`${runtime.url}/ops/api/indicators?from=2026-11-24T00:00:00Z&to=2026-12-01T00:00:00Z`, { headers: await loginAs(runtime.url, 'supervisor') });
    if (answer.status === 404) await expect.poll(() => supervisor.getByTestId('not-available').count(), SHOWS).toBe(1);
    else await expect.poll(() => supervisor.locator('[data-testid=chart] canvas').count(), SHOWS).toBeGreaterThan(0);
    await screenshot(supervisor, 'indicators');
    await supervisor.close();
  });

  it('switches to English: the navigation, the inbox and its stopped clock', async () => {
    await desk.goto(`${runtime.url}/ops/#/inbox`);
    await desk.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => desk.getByTestId('nav-inbox').textContent()).toBe('Inbox');
    const row = desk.getByTestId('order-row').filter({ hasText: xihuOrder.orderId });
    await expect.poll(() => row.getByTestId('order-state').textContent(), SHOWS).toBe('Restored');
    expect(await row.getByTestId('clock-stopped').textContent()).toBe('No clock running (done)');
    await screenshot(desk, 'inbox-en');
  });

  it('renews an expired session with its refresh token (before the request, or once on a 401), and when that is refused asks to sign in again, saying why', async () => {
    const row = desk.getByTestId('order-row').filter({ hasText: xihuOrder.orderId });
    const renewals: string[] = [];
    const refused: string[] = [];
    desk.on('request', (request) => { if (request.url().endsWith('/local/oauth2/token')) renewals.push(request.postData() ?? ''); });
    desk.on('response', (response) => { if (response.status() === 401) refused.push(new URL(response.url()).pathname); });
    // The tab's session as the page keeps it (sessionStorage, web/ops/auth.js).
    const stored = () => desk.evaluate(() => JSON.parse((globalThis as unknown as TabStorage).sessionStorage.getItem('opsSession') ?? 'null') as { expiresAt: number } | null);
    const change = (fields: Record<string, unknown>) =>
      desk.evaluate((f) => {
        const { sessionStorage } = globalThis as unknown as TabStorage;
        sessionStorage.setItem('opsSession', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('opsSession') ?? '{}'), ...f }));
      }, fields);

    // The ID token's hour is over by the page's clock: renewed before the first request, which the API takes.
    await change({ expiresAt: 0 });
    await desk.reload();
    await expect.poll(() => row.count(), SHOWS).toBe(1);
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toContain('grant_type=refresh_token');
    expect(refused).toEqual([]);
    expect((await stored())!.expiresAt * 1000).toBeGreaterThan(Date.now());

    // The API refuses the token (401): renewed once, the request sent again.
    await change({ token: 'not-a-token' });
    await desk.reload();
    await expect.poll(() => row.count(), SHOWS).toBe(1);
    expect(renewals).toHaveLength(2);
    expect(refused).toEqual(['/ops/api/work-orders']);

    // The refresh token is refused too (expired, revoked, or the runtime restarted): signed out, told why.
    await change({ token: 'not-a-token', refreshToken: 'revoked' });
    await desk.reload();
    await expect.poll(() => desk.getByTestId('signin-reason').count(), SHOWS).toBe(1);
    expect(await desk.getByTestId('signin-reason').textContent()).toBe('Your session expired and could not be renewed: sign in again.');
    expect(await stored()).toBeNull();
    expect(renewals).toHaveLength(3);
    await screenshot(desk, 'signin-expired');
  });

  it('nothing broke the page\'s CSP or threw', () => {
    expect(pageProblems).toEqual([]);
  });
});

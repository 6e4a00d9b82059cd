import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkOrder } from '../../functions/workorders/work-order';
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

describe('the ops console in headless Chromium, on the local runtime', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  let browser: TestBrowser;
  const pageProblems: string[] = [];
  let xihuOrder: WorkOrder;
  let binjiangOrder: WorkOrder;
  let reportOrder: WorkOrder;
  let desk: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-ops-console-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    [runtime, browser] = await Promise.all([
      startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: 20 }),
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
    await desk.route('**/ops/api/**', (route) => route.abort('connectionrefused'));
    await expect.poll(() => desk.getByTestId('status').isVisible(), SHOWS).toBe(true);
    expect(await desk.getByTestId('status').textContent()).toContain('无法连接服务');
    expect(await row.count()).toBe(1);
    await screenshot(desk, 'unreachable');
    await desk.unroute('**/ops/api/**');
    await expect.poll(() => desk.getByTestId('status').isVisible(), SHOWS).toBe(false);
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

  it('switches to English, and nothing broke the page\'s CSP or threw', async () => {
    await desk.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => desk.getByTestId('nav-inbox').textContent()).toBe('Inbox');
    expect(pageProblems).toEqual([]);
  });
});

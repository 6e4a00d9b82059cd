import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Ticket } from '../../functions/tickets/ticket';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';

/** Debian's chromium package (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the chat page in headless Chromium, on the local runtime', () => {
  let dataDir: string;
  let profileDir: string;
  let runtime: LocalRuntime;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-chat-e2e-'));
    profileDir = mkdtempSync(join(tmpdir(), 'hotline-chromium-'));
    runtime = await startLocalRuntime({ dataDir, fresh: true, port: 0, quiet: true, seedCustomers: 20 });
    // A fresh profile per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'zh-CN',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    await page.goto(`${runtime.url}/chat/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    for (const dir of [dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('greets the customer in Chinese', async () => {
    await expect.poll(() => page.getByTestId('log').textContent()).toContain('95598在线客服');
  });

  it('takes a fault report, shows the ticket number, and shows injected markup as text', async () => {
    const injected = '<img src=x onerror="document.title=\'pwned\'">家里停电了';
    await page.getByTestId('fault-text').fill(injected);
    await page.getByTestId('fault-address').fill('滨江区江南大道1号');
    await page.getByTestId('fault-submit').click();

    const log = page.getByTestId('log');
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toMatch(/工单号是 \d{6}-\d{4}-\d{4}/);
    const ticketId = /工单号是 (\d{6}-\d{4}-\d{4})/.exec((await log.textContent()) ?? '')?.[1];

    // The customer's own text is on the page as characters, not as an element.
    expect(await log.textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('#log img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');

    // And the ticket is real: the runtime's read API has it, from the chat channel.
    const { tickets } = (await (await fetch(`${runtime.url}/tickets`)).json()) as { tickets: Ticket[] };
    expect(tickets.find((t) => t.ticketId === ticketId)).toMatchObject({ channel: 'chat', type: 'fault_report' });
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('agent').textContent()).toBe('Talk to an agent');
  });
});

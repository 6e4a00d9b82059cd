import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Flags for headless Chromium on a machine with no network but the
 * registries: without the background-networking ones Chromium keeps
 * dialling Google's hosts and its connections are refused.
 */
const QUIET_HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when one is
 * configured (a system chromium), otherwise the build that ships inside the
 * `@sparticuz/chromium` npm package (unpacked to the temp dir on first use,
 * a few seconds), so `npm test` needs nothing but Node and Java.
 */
export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile, closed and deleted by `close()`.
 *
 * @example
 * const browser = await launchTestBrowser({ locale: 'zh-CN' });
 * const page = await browser.context.newPage();
 */
export async function launchTestBrowser(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'hotline-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: await chromiumExecutable(),
    headless: true,
    locale: options.locale,
    viewport: options.viewport,
    args: QUIET_HEADLESS_FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

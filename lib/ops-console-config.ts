/**
 * The ops console's `config.json` (issue 16): how the page signs in, where
 * its API is, how often it polls, the clocks' warning margin and the
 * departments' names. The CDK deployment writes it beside the page; the
 * local runtime serves it. No CDK imports: the local runtime reads this file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLOCK_POLICY } from '../functions/clocks/clock';
import { readRoutingConfig } from '../functions/workorders/routing';

/** The console's own files (web/ops). */
export const OPS_CONSOLE_DIR = fileURLToPath(new URL('../web/ops', import.meta.url));

const UPLOT_DIST = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');

/**
 * The charting library, vendored into the served page from the installed npm
 * package (no CDN) under `vendor/`: uPlot's minified browser build (51 KB,
 * 22 KB gzipped) and its style sheet, loaded only by the indicators view.
 */
export const OPS_CONSOLE_VENDOR: Readonly<Record<string, string>> = {
  'uPlot.iife.min.js': join(UPLOT_DIST, 'uPlot.iife.min.js'),
  'uPlot.min.css': join(UPLOT_DIST, 'uPlot.min.css'),
};

/**
 * Locally the runtime's demo sign-in, with its stand-in for the pool's token
 * endpoint (the refresh token grant) and the client id it expects; in AWS the
 * user pool's hosted UI (authorization code with PKCE, and `<domain>/oauth2/token`).
 */
export type OpsConsoleSignIn =
  | { readonly signIn: 'local'; readonly localLogin: string; readonly tokenEndpoint: string; readonly clientId: string }
  | { readonly signIn: 'cognito'; readonly cognito: { readonly domain: string; readonly clientId: string } };

/**
 * The page's configuration.
 *
 * @example
 * opsConsoleConfig({ signIn: 'cognito', cognito: { domain: 'https://hotline-dev.auth.ap-southeast-1.amazoncognito.com', clientId: '...' } });
 */
export function opsConsoleConfig(signIn: OpsConsoleSignIn, timeZone = 'Asia/Shanghai'): Record<string, unknown> {
  return {
    ...signIn,
    // The centre's zone: the quality sample is a day there (GET /quality/samples/<YYYY-MM-DD>).
    timeZone,
    // Relative: the API is on the page's origin under /ops/api/ (CloudFront, and the local runtime).
    apiBase: 'api/',
    pollSeconds: 5,
    warningMinutes: DEFAULT_CLOCK_POLICY.warningMinutes,
    departments: readRoutingConfig().departments.map((d) => ({ departmentId: d.departmentId, name: d.name })),
  };
}

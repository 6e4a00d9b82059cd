/**
 * How every Lambda bundle is built, in one place: lib/constructs/hotline-function.ts
 * deploys with these options and bench/bundles.ts measures with them, so the
 * bench's sizes and init times are those of what ships.
 */

/**
 * ESM bundles still meet CommonJS code inside dependencies that calls
 * `require` (Node built-ins); give them one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __hotlineCreateRequire } from 'node:module'; const require = __hotlineCreateRequire(import.meta.url);";

export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node22',
  // Prefer the ESM builds of dependencies: they tree-shake (an SDK client then carries only the commands it sends).
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  // Chinese replies and the classifier's tokens as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6); Node reads modules as UTF-8.
  charset: 'utf8',
  // A source map next to the bundle (mappings only; the sources are in the repository, not in the artifact)...
  sourceMap: true,
  sourcesContent: false,
  // ...read at init, so stack traces point at the TypeScript sources.
  nodeOptions: '--enable-source-maps',
} as const;

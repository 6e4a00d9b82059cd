import { defineConfig } from 'vitest/config';

// The AWS SDK warns that Node 20 support ends; Lambdas deploy on nodejs22.x,
// so in tests (workers inherit this) the warning is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // CDK synthesis with esbuild bundling is CPU heavy; the CI machine has two cores.
    maxWorkers: 2,
  },
});

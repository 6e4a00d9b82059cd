import { defineConfig } from 'vitest/config';

// The AWS SDK warns that Node 20 support ends; Lambdas deploy on nodejs22.x,
// so in tests (workers inherit this) the warning is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Functions' log and metric lines would bury the report; a test that reads logs sets its own level.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// The IVR answers Connect within 3 s in AWS; under a loaded test machine a real DynamoDB Local step
// can take longer, so tests give it a minute and test the deadline itself with a short remaining time.
process.env.IVR_DEADLINE_MS ??= '60000';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Generous on purpose: two cores shared with other work must not fail a test that is only slow.
    // Start-ups say what they waited for (local/runtime.ts names the step).
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/support/time-report.ts'],
    // CDK synthesis with esbuild bundling is CPU heavy; the CI machine has two cores.
    maxWorkers: 2,
  },
});

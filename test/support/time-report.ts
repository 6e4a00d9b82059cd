import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest files to name. */
const SLOWEST = 8;

/**
 * Prints where the suite's time went, after vitest's own summary: the time
 * per kind of test (unit, integration, infra, e2e) and the slowest files, each
 * as import plus tests and hooks. Two workers run files side by side, so the
 * kinds add up to more than the wall-clock duration.
 */
export default class TimeReport implements Reporter {
  private started = performance.now();

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const files = testModules.map((module) => {
      const diagnostic = module.diagnostic();
      const path = relative(process.cwd(), module.moduleId);
      return { path, kind: path.split('/')[1] ?? 'other', seconds: (diagnostic.collectDuration + diagnostic.duration) / 1000 };
    });
    const byKind = new Map<string, { files: number; seconds: number }>();
    for (const file of files) {
      const kind = byKind.get(file.kind) ?? { files: 0, seconds: 0 };
      byKind.set(file.kind, { files: kind.files + 1, seconds: kind.seconds + file.seconds });
    }
    const lines = ['', `Where the time went (wall clock ${((performance.now() - this.started) / 1000).toFixed(1)} s, 2 workers):`];
    for (const [kind, { files: count, seconds }] of [...byKind].sort((a, b) => b[1].seconds - a[1].seconds)) {
      lines.push(`  ${kind.padEnd(12)} ${seconds.toFixed(1).padStart(6)} s in ${count} files`);
    }
    lines.push('  slowest files:');
    for (const file of files.sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST)) {
      lines.push(`  ${file.seconds.toFixed(1).padStart(18)} s  ${file.path}`);
    }
    console.log(lines.join('\n'));
  }
}

import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/** Bundled the way lib/constructs/hotline-function.ts bundles for Lambda (ESM, minified, node22). */
export async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return statSync(outfile).size;
}

/**
 * The baseline a function is compared with: a bundle that creates only the
 * SDK clients the function uses, as its own module scope does.
 */
export async function sdkOnlyBundle(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const entry = resolve(outDir, 'sdk-only.ts');
  writeFileSync(
    entry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "import { SNSClient } from '@aws-sdk/client-sns';",
      "import { SQSClient } from '@aws-sdk/client-sqs';",
      'export const dynamo = new DynamoDBClient({});',
      'export const doc = DynamoDBDocumentClient.from(dynamo);',
      'export const sns = new SNSClient({});',
      'export const sqs = new SQSClient({});',
      'export const handler = async () => ({});',
    ].join('\n'),
  );
  return entry;
}

/**
 * Median wall time of a cold `import()` of each bundle in a fresh Node
 * process, as a Lambda init does. Runs are interleaved across the files so
 * that drift in the machine's load falls on all of them alike.
 */
export function medianInitMs(files: readonly string[], runs: number, env: NodeJS.ProcessEnv): number[] {
  const times = files.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    files.forEach((file, f) => {
      const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`init of ${file} failed: ${child.stderr}`);
      times[f]!.push(Number(child.stdout.trim()));
    });
  }
  return times.map(median);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

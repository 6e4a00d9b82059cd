import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { LAMBDA_BUNDLE } from '../lib/lambda-bundle';

/** What lib/constructs/hotline-function.ts gives the CDK's esbuild (lib/lambda-bundle.ts), as esbuild options. */
const BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLE.format,
  target: LAMBDA_BUNDLE.target,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  banner: { js: LAMBDA_BUNDLE.banner },
  minify: LAMBDA_BUNDLE.minify,
  charset: LAMBDA_BUNDLE.charset,
  sourcemap: LAMBDA_BUNDLE.sourceMap,
  sourcesContent: LAMBDA_BUNDLE.sourcesContent,
  logLevel: 'error',
};

/** What a bundle is made of: bytes of output per package (or per `functions/<context>` folder for our own code). */
export type BundleMakeup = Record<string, number>;

/**
 * Bundled exactly as lib/constructs/hotline-function.ts bundles for Lambda;
 * returns the size of the code (the source map beside it is not code: what it
 * costs shows in the init time, which reads it), the SDK client packages
 * inside, and the bytes each package contributes (esbuild's metafile).
 */
export async function bundle(entry: string, outfile: string): Promise<{ size: number; sdkPackages: string[]; makeup: BundleMakeup }> {
  const result = await build({ ...BUILD_OPTIONS, entryPoints: [entry], outfile, metafile: true });
  const packages = new Set<string>();
  const makeup: BundleMakeup = {};
  // The output's inputs, not the metafile's: those list every file parsed, also what tree shaking then left out.
  const output = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint);
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const client = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\//.exec(input);
    if (client && bytesInOutput > 0) packages.add(client[1]!);
    const owner = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? (input.startsWith('functions/') ? input.split('/').slice(0, 2).join('/') : input);
    makeup[owner] = (makeup[owner] ?? 0) + bytesInOutput;
  }
  return { size: statSync(outfile).size, sdkPackages: [...packages].sort(), makeup };
}

/**
 * What a function's bundle carries beyond its SDK-only baseline, largest
 * first, as "package KiB" (packages whose share differs by less than 0.5 KiB
 * left out): where to look when a bundle is over the bar.
 *
 * @example
 * beyondBaseline(built.makeup, baseline.makeup, 6); // ['functions/intake 45.1', 'zod 22.7', ...]
 */
export function beyondBaseline(fn: BundleMakeup, baseline: BundleMakeup, top: number): string[] {
  return [...new Set([...Object.keys(fn), ...Object.keys(baseline)])]
    .map((owner) => [owner, (fn[owner] ?? 0) - (baseline[owner] ?? 0)] as const)
    .filter(([, bytes]) => bytes >= 512)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, bytes]) => `${owner} ${(bytes / 1024).toFixed(1)}`);
}

/** How a function creates each SDK client at module scope; the baseline does the same and nothing else. */
const CLIENT_SETUP: Record<string, { import: string; create: string }> = {
  '@aws-sdk/client-dynamodb': { import: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", create: 'export const dynamo = new DynamoDBClient({});' },
  '@aws-sdk/lib-dynamodb': { import: "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';", create: 'export const doc = DynamoDBDocumentClient.from(dynamo);' },
  '@aws-sdk/client-sns': { import: "import { SNSClient } from '@aws-sdk/client-sns';", create: 'export const sns = new SNSClient({});' },
  '@aws-sdk/client-sqs': { import: "import { SQSClient } from '@aws-sdk/client-sqs';", create: 'export const sqs = new SQSClient({});' },
  '@aws-sdk/client-s3': { import: "import { S3Client } from '@aws-sdk/client-s3';", create: 'export const s3 = new S3Client({});' },
  '@aws-sdk/client-sesv2': { import: "import { SESv2Client } from '@aws-sdk/client-sesv2';", create: 'export const ses = new SESv2Client({});' },
  '@aws-sdk/client-connect': { import: "import { ConnectClient } from '@aws-sdk/client-connect';", create: 'export const connect = new ConnectClient({});' },
  '@aws-sdk/client-scheduler': { import: "import { SchedulerClient } from '@aws-sdk/client-scheduler';", create: 'export const scheduler = new SchedulerClient({});' },
  '@aws-sdk/client-cloudwatch': { import: "import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';", create: 'export const cloudwatch = new CloudWatchClient({});' },
  '@aws-sdk/client-secrets-manager': { import: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';", create: 'export const secrets = new SecretsManagerClient({});' },
};

/**
 * The baseline a function is compared with: a bundle that creates only the
 * SDK clients the function's own bundle holds, as its module scope does.
 */
export function sdkOnlyEntry(outDir: string, name: string, sdkPackages: readonly string[]): string {
  mkdirSync(outDir, { recursive: true });
  const unknown = sdkPackages.filter((p) => !CLIENT_SETUP[p]);
  if (unknown.length > 0) throw new Error(`bench/bundles.ts: add a baseline setup for ${unknown.join(', ')}`);
  // The document client needs the DynamoDB client it wraps.
  const packages = sdkPackages.includes('@aws-sdk/lib-dynamodb') ? [...new Set(['@aws-sdk/client-dynamodb', ...sdkPackages])] : [...sdkPackages];
  const entry = resolve(outDir, `${name}.sdk-only.ts`);
  const setups = packages.map((p) => CLIENT_SETUP[p]!);
  writeFileSync(entry, [...setups.map((c) => c.import), ...setups.map((c) => c.create), 'export const handler = async () => ({});'].join('\n'));
  return entry;
}

/**
 * Median CPU time (user + system, all of the process's threads) of a cold
 * `import()` of each bundle in a fresh Node process with the NODE_OPTIONS the
 * function gets (source maps on), as a Lambda init does. CPU rather than wall
 * time: a Lambda init at 256 MB gets a fraction of a vCPU, so its duration is
 * its CPU time over that share, and CPU time does not count the time this
 * shared machine gave to other processes. Wall times are returned beside.
 * Runs are interleaved across the files so drift in the machine falls on all alike.
 */
export function medianInitMs(files: readonly string[], runs: number, env: NodeJS.ProcessEnv): { cpuMs: number; wallMs: number }[] {
  const cpu = files.map(() => [] as number[]);
  const wall = files.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    files.forEach((file, f) => {
      const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(file)}); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(JSON.stringify([(u.user + u.system) / 1000, w]));`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env, NODE_OPTIONS: LAMBDA_BUNDLE.nodeOptions }, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`init of ${file} failed: ${child.stderr.split('\n').filter((l) => /Error/.test(l)).slice(-2).join(' | ')}`);
      const [cpuMs, wallMs] = JSON.parse(child.stdout.trim().split('\n').pop()!) as [number, number];
      cpu[f]!.push(cpuMs);
      wall[f]!.push(wallMs);
    });
  }
  return files.map((_, f) => ({ cpuMs: median(cpu[f]!), wallMs: median(wall[f]!) }));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

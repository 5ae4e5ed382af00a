import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LowerBound } from '../../src/sandbox/index.js';
import { tables as registry } from '../../src/tables/index.js';
import { measureSync, orgConfig, startSandboxProcess } from '../lib/processes.js';
import { bySize, canopyRuntime } from '../lib/runner.js';
import type { Figure, Scenario, ScenarioResult } from '../lib/scenario.js';
import { sandboxCalls, seconds, syncTotals } from '../lib/summary.js';
import { awsCommands, childCpuSeconds, leftOut, loopScript, type LoopTable } from './baseline-script.js';

const TARGET_RATIO = 20;

/**
 * Debian's awscli (/usr/bin/aws) first, as issue 5 asks; else whichever `aws` is on PATH.
 * CANOPY_BENCH_AWS names another one (or, pointing nowhere, none: the scenario then skips).
 */
export function findAws(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.CANOPY_BENCH_AWS;
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'aws'));
  const candidates = chosen !== undefined ? [chosen] : ['/usr/bin/aws', ...onPath];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

function runLoop(script: string, out: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ wallMs: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', [script, out], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ wallMs: performance.now() - started, code, stderr });
    });
  });
}

/** JSON files the loop wrote, and their bytes: what the user ends up with. */
function outputFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        files += 1;
        bytes += statSync(full).size;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, bytes };
}

/** GET /_sandbox/lower-bound (the model is in src/sandbox/limits/lower-bound.ts). */
async function lowerBound(endpoint: string): Promise<LowerBound> {
  const response = await fetch(`${endpoint}/_sandbox/lower-bound`);
  if (!response.ok) throw new Error(`GET /_sandbox/lower-bound answered ${response.status}`);
  return (await response.json()) as LowerBound;
}

function bindingOf(bound: LowerBound): string {
  const slowest = bound.slowestBuckets[0];
  return bound.binding === 'bucket' && slowest ? `the ${slowest.service} bucket of ${slowest.accountId}, ${slowest.calls} calls` : bound.binding;
}

/**
 * Without awscli there is nothing to compare with: the scenario says so (on stderr too, so the
 * smoke run in `npm test` shows it) and reports only that, rather than failing.
 */
function skipped(ctx: { size: ScenarioResult['size'] }, why: string): ScenarioResult {
  console.warn(`baseline benchmark skipped: ${why}`);
  return {
    scenario: 'baseline',
    size: ctx.size,
    parameters: { skipped: why },
    figures: { awscliPresent: { value: 0, unit: 'awscli found (0: absent, scenario skipped)' } },
    notes: [`skipped: ${why}`],
  };
}

/**
 * Scenario 6 of issue 5: a user without an inventory tool (Debian's awscli in a shell loop per
 * account x region x table, writing JSON files) against canopy syncing the same tables of the same
 * organization into SQLite. The sandbox runs in its own process with 20 ms latency per call, as
 * AWS answers from nearby; both sides read the same org one after the other.
 */
export const baseline: Scenario = {
  name: 'baseline',
  description: 'canopy against an awscli shell loop (account x region x table, JSON files) on the same org',
  async run(ctx) {
    const aws = findAws();
    if (!aws) {
      const why = process.env.CANOPY_BENCH_AWS !== undefined ? `CANOPY_BENCH_AWS=${process.env.CANOPY_BENCH_AWS} is not an executable` : 'the aws command is absent (Debian: apt-get install awscli)';
      ctx.log(`skipped: ${why}`);
      return skipped(ctx, why);
    }
    const version = spawnSync(aws, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const size = bySize(ctx.size, {
      tiny: { org: { accounts: 2, regions: ['us-east-1'], scale: 200 }, tables: ['aws_ec2_vpcs', 'aws_iam_users'] },
      small: {
        org: { accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 1_000 },
        tables: ['aws_ec2_instances', 'aws_ec2_vpcs', 'aws_ec2_security_groups', 'aws_iam_roles', 'aws_iam_users', 'aws_lambda_functions', 'aws_s3_buckets', 'aws_kms_keys'],
      },
      full: { org: { accounts: 5, regions: ['us-east-1', 'eu-west-1'], scale: 2_000 }, tables: Object.keys(awsCommands) },
    });
    const loopTables: LoopTable[] = size.tables.map((name) => {
      const table = registry.find((t) => t.name === name);
      if (!table) throw new Error(`baseline: no table ${name}`);
      return { name, scope: table.scope };
    });
    const sandboxOptions = { seed: 6, ...size.org, latency: { fixedMs: 20, jitterMs: 0 } };
    const sandbox = await startSandboxProcess(sandboxOptions);
    try {
      const script = join(ctx.dir, 'inventory.sh');
      writeFileSync(script, loopScript({ aws, endpoint: sandbox.endpoint, regions: size.org.regions, tables: loopTables }), { mode: 0o755 });
      const out = join(ctx.dir, 'inventory');
      // The user's own config must not steer the loop: no profile, no config files, no pager.
      const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: sandbox.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sandbox.credentials.secretAccessKey };
      for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_REGION']) delete env[key];
      Object.assign(env, {
        AWS_DEFAULT_REGION: size.org.regions[0],
        AWS_CONFIG_FILE: join(ctx.dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(ctx.dir, 'no-credentials'),
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      });

      ctx.log(`awscli loop (${version}): ${size.org.accounts} accounts x ${size.org.regions.length} regions x ${loopTables.length} tables`);
      await sandbox.post('/_sandbox/stats/reset');
      const loop = await runLoop(script, out, env, 60 * 60_000);
      if (loop.code !== 0) throw new Error(`baseline: the awscli loop exited with ${loop.code}: ${loop.stderr.trim().slice(-1000)}`);
      const loopCalls = sandboxCalls(await sandbox.stats());
      const failures = Number(readFileSync(join(out, 'failures.txt'), 'utf8').trim());
      const loopCpu = childCpuSeconds(readFileSync(join(out, 'times.txt'), 'utf8'));
      const written = outputFiles(out);

      ctx.log('canopy sync of the same tables into SQLite');
      await sandbox.post('/_sandbox/stats/reset');
      // Full buckets for canopy, and the shortest time AWS-like rate limits allow for its calls.
      await sandbox.post('/_sandbox/lower-bound/reset');
      const runtime = canopyRuntime(ctx.size);
      const measured = await measureSync(orgConfig(sandbox, { db: join(ctx.dir, 'canopy.db'), tables: size.tables, regions: size.org.regions }), { runtime });
      const canopyCalls = sandboxCalls(await sandbox.stats());
      const bound = await lowerBound(sandbox.endpoint);
      const totals = syncTotals(measured);
      // What the user waits for: the process's start-up (node, module loading) and the sync.
      const canopyMs = measured.syncStartMs + measured.wallMs;
      const ratio = loop.wallMs / canopyMs;

      const figures: Record<string, Figure> = {
        ratio: { value: ratio, unit: '× (awscli loop wall ÷ canopy wall)', target: `>= ${TARGET_RATIO}` },
        awscliWall: { value: seconds(loop.wallMs), unit: 's' },
        canopyWall: { value: seconds(canopyMs), unit: 's (process start to sync end)' },
        canopySync: { value: seconds(measured.wallMs), unit: 's (the sync alone)' },
        awscliCalls: { value: loopCalls, unit: 'calls the sandbox answered' },
        canopyCalls: { value: canopyCalls, unit: 'calls the sandbox answered (list, describe, details)' },
        awscliFiles: { value: written.files, unit: `JSON files (${Math.round(written.bytes / 1024)} KiB)` },
        awscliFailures: { value: failures, unit: 'commands that failed' },
        canopyRows: { value: totals.rows, unit: 'rows in SQLite' },
        canopyLowerBound: { value: seconds(bound.boundMs), unit: `s (the least AWS-like rate limits allow for canopy's calls; set by ${bindingOf(bound)})` },
        ratioSameCalls: { value: (loop.wallMs / loopCalls) * canopyCalls / canopyMs, unit: "× (estimate: the loop's time per call × canopy's calls)" },
        canopyCpu: { value: seconds(measured.processCpuUserMs + measured.processCpuSystemMs), unit: 's (user+sys, whole process)' },
      };
      if (loopCpu) figures.awscliCpu = { value: loopCpu.user + loopCpu.system, unit: 's (user+sys, all awscli processes)' };
      const notes = [
        'awscli does less: one list call per table (no per-item describe or detail calls), raw JSON files instead of typed rows; canopy synced with its defaults (child tables skipped, as skip_dependent_tables is true by default).',
        `left out of both sides: ${leftOut.join(', ')} (see bench/scenarios/baseline-script.ts)`,
      ];
      if (failures > 0) notes.push(`${failures} awscli commands failed; their time is still in the loop's wall time`);
      if (totals.destinationErrors.length > 0 || totals.partitions.failed > 0) notes.push(`canopy: ${totals.partitions.failed} partitions failed; ${totals.destinationErrors.join('; ')}`);
      if (ratio < TARGET_RATIO) notes.push(`ratio ${ratio.toFixed(1)} misses the target of ${TARGET_RATIO}; see docs/BENCHMARKS.md`);
      return {
        scenario: 'baseline',
        size: ctx.size,
        parameters: { sandbox: sandboxOptions, tables: size.tables, awscli: { path: aws, version }, canopy: `measureSync: canopy sync into SQLite, default settings, ${runtime}` },
        figures,
        notes,
      };
    } finally {
      await sandbox.stop();
    }
  },
};

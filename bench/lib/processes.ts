import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxTruth } from '../../src/sandbox/index.js';
import { compiledMeasuredSync } from './build.js';
import { runJsonChild, spawnTsx, untrack } from './child.js';
import { sandboxOrgConfig } from '../../src/sandbox/org-config.js';

/** /_sandbox/truth as JSON: the events' count() function does not cross HTTP (GET /_sandbox/events does). */
export type SandboxTruthJson = Omit<SandboxTruth, 'events'> & { events: { perHour: number; historyStart: string } };

export interface SandboxProcess {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  pid: number;
  stats(): Promise<unknown>;
  truth(): Promise<SandboxTruthJson>;
  post(path: string, body?: unknown): Promise<unknown>;
  /** CPU the sandbox process has used so far (Linux /proc; undefined elsewhere), to show the load it put on the machine. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** What `canopy sandbox --json` prints on its first line. */
interface SandboxInfo {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** user + system CPU of a process from /proc/<pid>/stat (clock ticks of 1/100 s on Linux). */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function json(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

/**
 * Starts `canopy sandbox --json` (through tsx, from src) in its own process, so its CPU is not
 * canopy's; options as the sandbox's scenario file keys (src/sandbox/options.ts), passed as a
 * scenario file since the CLI's flags cover only some of them.
 */
export function startSandboxProcess(options: Record<string, unknown>): Promise<SandboxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-sandbox-'));
  const scenario = join(dir, 'scenario.json');
  writeFileSync(scenario, JSON.stringify(options));
  const child = spawnTsx('src/cli/main.ts', ['sandbox', '--json', '--scenario', scenario]);
  const pid = child.pid ?? -1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = () => {
    untrack(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise<SandboxProcess>((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (message: string) => {
      child.kill('SIGKILL');
      cleanup();
      reject(new Error(`${message}; stderr: ${err.trim().slice(-2000)}`));
    };
    // A 1,000-account organization takes a few seconds to build; minutes mean something is wrong.
    const timer = setTimeout(() => fail('the sandbox did not start within 120 s'), 120_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-8000);
    });
    child.once('exit', (code) => {
      if (out.includes('\n')) return;
      clearTimeout(timer);
      cleanup();
      reject(new Error(`the sandbox exited with ${code} before it listened; stderr: ${err.trim().slice(-2000)}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (out.includes('\n')) return;
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      let info: SandboxInfo;
      try {
        info = JSON.parse(out.slice(0, newline)) as SandboxInfo;
      } catch {
        fail(`the sandbox printed ${out.slice(0, 200)} instead of its JSON line`);
        return;
      }
      const get = async (path: string) => json(await fetch(`${info.endpoint}${path}`));
      let stopped: Promise<void> | undefined;
      resolve({
        endpoint: info.endpoint,
        credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
        pid,
        stats: () => get('/_sandbox/stats'),
        truth: async () => (await get('/_sandbox/truth')) as SandboxTruthJson,
        post: async (path, body) =>
          json(await fetch(`${info.endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })),
        cpuMs: () => procCpuMs(pid),
        stop: () => {
          stopped ??= (async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill('SIGTERM');
              const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
              await exited;
              clearTimeout(timeout);
            }
            cleanup();
          })();
          return stopped;
        },
      });
    });
  });
}

export interface MeasuredSync {
  /** From the start of config loading to the end of syncConfig. */
  wallMs: number;
  /** process.cpuUsage() delta around the sync: module loading is not counted. */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** The whole process's CPU (module loading and tsx's compilation included). */
  processCpuUserMs: number;
  processCpuSystemMs: number;
  /** process.resourceUsage().maxRSS, in MiB. */
  maxRssMb: number;
  /** From process start to the start of the sync: node, tsx and module loading. */
  syncStartMs: number;
  /** From process start to the first account's partitions (its discovery and regions done): reading can start. */
  firstPlanMs?: number;
  /** From process start to the complete plan (every account discovered); absent when the sync stopped before. */
  planMs?: number;
  /** From process start to the first partition read to its end (onPartition). */
  firstPartitionMs?: number;
  /** Peaks of process.memoryUsage() sampled every 200 ms during the sync, in MiB: what the RSS is made of. */
  memory?: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number };
  /** The V8 flag the CLI's heap policy applied (MeasureSyncOptions.cliHeapPolicy), or why none was. */
  heapPolicy?: string;
  /** The SourceResult[] as JSON. */
  summary: unknown;
}

export interface MeasureSyncOptions {
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Cancel the sync once the first partition is read (a start-up measurement needs no more). */
  stopAfterFirstPartition?: boolean;
  /** Apply the heap policy `canopy sync` applies (src/cli/heap-policy.ts), so the memory is the CLI's. */
  cliHeapPolicy?: boolean;
  /**
   * `tsx` (default): src through tsx, as the other bench children run. `compiled`: src bundled as
   * the CLI is (bench/lib/build.ts), as users run canopy, for RSS and start-up figures.
   */
  runtime?: 'tsx' | 'compiled';
}

/**
 * Runs one `canopy sync` of `configText` in a fresh child process (bench/lib/measured-sync.ts) and
 * measures only that process: wall time of the sync, CPU user + system around it (and of the whole
 * process), peak RSS, and the time from process start to the first partition read.
 */
export async function measureSync(configText: string, options: MeasureSyncOptions = {}): Promise<MeasuredSync> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-sync-'));
  try {
    const config = join(dir, 'config.yml');
    writeFileSync(config, configText);
    const args = [config, ...(options.stopAfterFirstPartition ? ['--stop-after-first-partition'] : []), ...(options.cliHeapPolicy ? ['--cli-heap-policy'] : [])];
    const child = { nodeArgs: options.nodeArgs, env: options.env };
    if (options.runtime === 'compiled') return await runJsonChild<MeasuredSync>(await compiledMeasuredSync(), args, { ...child, plainJs: true });
    return await runJsonChild<MeasuredSync>('bench/lib/measured-sync.ts', args, child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface OrgConfigOptions {
  db: string;
  tables?: string[];
  regions?: string[];
  /**
   * Lines added after the `org:` block: at a 4-space indent they are keys of the source's `spec`
   * (`    scheduler: dfs`), at 6 spaces keys of `org`. Everything else keeps canopy's defaults.
   */
  extra?: string;
  /** Lines added under the source's top-level `spec:` (2-space indent), e.g. `  skip_dependent_tables: false`. */
  sourceExtra?: string;
  /** Another destination instead of the SQLite file: its name, plugin path and `spec` lines (4-space indent). */
  destination?: { name: string; path: string; spec: string };
}

/** The sandbox organization's config (src/sandbox/org-config.ts), canopy's defaults unless `options` says otherwise. */
export function orgConfig(sandbox: Pick<SandboxProcess, 'endpoint' | 'credentials'>, options: OrgConfigOptions): string {
  const { extra, ...rest } = options;
  return sandboxOrgConfig({ ...rest, endpoint: sandbox.endpoint, credentials: sandbox.credentials, specExtra: extra });
}

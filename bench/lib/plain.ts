import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceResult } from '../../src/index.js';
import { tables } from '../../src/tables/index.js';
import { runJsonChild, type ChildOptions } from './child.js';
import type { PlainCounts, PlainJob } from './plain-walk.js';
import type { SandboxProcess } from './processes.js';

export interface PlainResult extends PlainCounts {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  processCpuUserMs: number;
  processCpuSystemMs: number;
  maxRssMb: number;
}

/** canopy reads up to 64 partitions at once (src/sync/run.ts); the plain script matches it. */
const PLAIN_CONCURRENCY = 64;

/**
 * The plain script's job from what a canopy sync read: its accounts and regions and its
 * top-level partitions (child tables are read inside them, as canopy does).
 */
export function plainJobFrom(results: readonly SourceResult[], sandbox: Pick<SandboxProcess, 'endpoint' | 'credentials'>, managementAccountId: string): PlainJob {
  const topLevel = new Set(tables.filter((t) => !t.parent).map((t) => t.name));
  const partitions: PlainJob['partitions'] = [];
  const accounts: PlainJob['accounts'] = [];
  const read = new Set<string>();
  for (const result of results) {
    for (const region of result.regions) accounts.push({ id: region.accountId, regions: region.regions });
    for (const p of result.summary.partitions) {
      read.add(p.table);
      if (topLevel.has(p.table)) partitions.push({ table: p.table, accountId: p.accountId, region: p.region });
    }
  }
  return {
    endpoint: sandbox.endpoint,
    credentials: sandbox.credentials,
    managementAccountId,
    memberRoleName: 'OrganizationAccountAccessRole',
    accounts,
    tables: [...read].sort(),
    partitions,
    concurrency: PLAIN_CONCURRENCY,
  };
}

/** Runs the plain SDK script (bench/lib/plain-sdk.ts) in its own process and returns its measurement. */
export async function runPlainSdk(job: PlainJob, options: ChildOptions = {}): Promise<PlainResult> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-plain-'));
  try {
    const path = join(dir, 'job.json');
    writeFileSync(path, JSON.stringify(job));
    return await runJsonChild<PlainResult>('bench/lib/plain-sdk.ts', [path], options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

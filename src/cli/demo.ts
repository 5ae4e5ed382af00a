import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseConfig } from '../config/load-config.js';
import { syncConfig } from '../sync/run.js';
import { applyHeapPolicy } from './heap-policy.js';
import { renderSummary } from './render.js';

/** Three questions people ask an inventory first, each answered only if its table was synced. */
const examples: Array<{ title: string; table: string; sql: string }> = [
  {
    title: 'EC2 instances per account and region',
    table: 'aws_ec2_instances',
    sql: 'SELECT account_id, region, count(*) AS instances FROM aws_ec2_instances GROUP BY account_id, region ORDER BY instances DESC LIMIT 5',
  },
  {
    title: 'Most used instance types',
    table: 'aws_ec2_instances',
    sql: 'SELECT instance_type, count(*) AS instances FROM aws_ec2_instances GROUP BY instance_type ORDER BY instances DESC LIMIT 5',
  },
  {
    title: 'Buckets by region',
    table: 'aws_s3_buckets',
    sql: 'SELECT region, count(*) AS buckets FROM aws_s3_buckets GROUP BY region ORDER BY buckets DESC',
  },
  {
    title: 'IAM users per account',
    table: 'aws_iam_users',
    sql: 'SELECT account_id, count(*) AS users FROM aws_iam_users GROUP BY account_id ORDER BY users DESC',
  },
];

function table(rows: Array<Record<string, unknown>>): string {
  const first = rows[0];
  if (!first) return '  (no rows)';
  const columns = Object.keys(first);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (values: string[]) => `  ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ')}`;
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))].join('\n');
}

/**
 * `canopy demo`: the main job end to end without an AWS account. It starts the sandbox in-process
 * (an organization of 4 accounts in nested OUs, 2 regions), syncs every table into a SQLite file
 * through Organizations discovery exactly as `canopy sync` would, and answers a few questions.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('sync a sandbox AWS organization into a SQLite file and show example queries')
    .option('--db <file>', 'the SQLite file to write', 'canopy-demo.db')
    .option('--seed <n>', 'seed of the generated organization', (v) => Number(v), 1)
    .action(async (flags: { db: string; seed: number }) => {
      const db = resolve(flags.db);
      applyHeapPolicy();
      // The sandbox and the SQLite driver are imported when the command runs, not by every command.
      const [{ startSandbox, sandboxOrgConfig }, { default: Database }] = await Promise.all([import('../sandbox/index.js'), import('better-sqlite3')]);
      const sandbox = await startSandbox({ accounts: 4, regions: ['us-east-1', 'eu-west-1'], scale: 2000, seed: flags.seed, throttling: false });
      try {
        // Every table, children included (CloudQuery leaves children out of '*' by default).
        const text = sandboxOrgConfig({ endpoint: sandbox.endpoint, credentials: sandbox.credentials, db, sourceExtra: '  skip_dependent_tables: false' });
        const config = parseConfig([{ file: 'demo.yml', text }], {});
        process.stdout.write(`syncing the sandbox organization at ${sandbox.endpoint} into ${db}\n\n`);
        const results = await syncConfig(config);
        process.stdout.write(renderSummary(results));
        const sqlite = new Database(db, { readonly: true });
        try {
          const present = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
          for (const example of examples.filter((e) => present.has(e.table)).slice(0, 3)) {
            process.stdout.write(`\n${example.title}:\n  ${example.sql}\n\n${table(sqlite.prepare(example.sql).all() as Array<Record<string, unknown>>)}\n`);
          }
        } finally {
          sqlite.close();
        }
        process.stdout.write(`\nExplore it: sqlite3 ${flags.db}   (tables: npx canopy tables)\n`);
      } finally {
        await sandbox.close();
      }
    });
}

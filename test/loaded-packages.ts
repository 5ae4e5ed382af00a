/**
 * Child script of lazy-imports.test.ts, run in a fresh process through tsx so nothing is loaded
 * before it: imports the library and CLI entries, runs a small SQLite sync (with a SQLite state
 * backend) against an in-process sandbox, then opens a DuckDB destination, and prints on stdout one
 * JSON line with the npm packages loaded after each step.
 *
 * Packages are read from the CommonJS module cache: canopy's drivers (better-sqlite3, pg,
 * @duckdb/node-api) are CommonJS, so even an ESM `import` of them lands there; the test checks that
 * the step which must load a driver does show it, so an empty list cannot pass by accident.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

function loadedPackages(): string[] {
  const names = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (m?.[1]) names.add(m[1].replace('\\', '/'));
  }
  return [...names].sort();
}

const dir = mkdtempSync(join(tmpdir(), 'canopy-loaded-'));
try {
  const api = await import('../src/index.js');
  await import('../src/cli/program.js');
  const afterImport = loadedPackages();

  const sandbox = await api.startSandbox({ accounts: 2, scale: 50, seed: 1, throttling: false, regions: ['us-east-1'] });
  try {
    const db = join(dir, 'inventory.db');
    // Imported after the first measurement: the config builder is the tests' own, not canopy's.
    const { orgConfigText } = await import('./table-testing.js');
    const text = orgConfigText({
      endpoint: sandbox.endpoint,
      keys: sandbox.credentials,
      db,
      regions: ['us-east-1'],
      tables: ['aws_ec2_vpcs', 'aws_cloudtrail_events'],
      sourceExtra: '  backend_options:\n    table_name: cq_state_aws\n    connection: "@@plugins.sqlite.connection"\n',
    });
    const [result] = await api.sync(api.parseConfig([{ file: 'config.yml', text }]));
    const rows = result?.summary.totals.rows ?? 0;
    const afterSync = loadedPackages();

    const { destinationOpeners } = await import('../src/destinations/index.js');
    const duckdb = await destinationOpeners.duckdb?.({ name: 'duckdb', writeMode: 'overwrite-delete-stale', migrateMode: 'safe' }, { connection_string: join(dir, 'd.duckdb') });
    await duckdb?.close();
    const afterDuckdb = loadedPackages();

    process.stdout.write(`${JSON.stringify({ afterImport, afterSync, afterDuckdb, rows })}\n`);
  } finally {
    await sandbox.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

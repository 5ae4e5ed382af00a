import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inRepo, tsxNodeArgs } from '../bench/lib/paths.js';

interface Loaded {
  afterImport: string[];
  afterSync: string[];
  afterDuckdb: string[];
  rows: number;
}

// Drivers a SQLite sync must not load: each costs tens of MiB of RSS and part of a second at start-up.
const heavy = ['@duckdb/node-api', 'pg', 'pg-copy-streams'];

describe('destination drivers are loaded only when their destination is opened', () => {
  it('importing the library and the CLI, then a SQLite sync with SQLite state, loads neither DuckDB nor pg', () => {
    // A fresh process: vitest's own has loaded everything its other suites import.
    const out = execFileSync(process.execPath, [...tsxNodeArgs(), inRepo('test', 'loaded-packages.ts')], {
      cwd: inRepo(),
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 120_000,
    });
    const loaded = JSON.parse(out.trim().split('\n').at(-1) ?? '') as Loaded;
    expect(loaded.rows).toBeGreaterThan(0);
    for (const name of heavy) {
      expect(loaded.afterImport).not.toContain(name);
      expect(loaded.afterSync).not.toContain(name);
    }
    // The config's validation needs only the zod specs, not even the SQLite driver.
    expect(loaded.afterImport).not.toContain('better-sqlite3');
    // The same probe sees a driver once its destination is opened, so the lists above are not empty by accident.
    expect(loaded.afterSync).toContain('better-sqlite3');
    expect(loaded.afterDuckdb).toContain('@duckdb/node-api');
    expect(loaded.afterDuckdb).not.toContain('pg');
  }, 150_000);
});

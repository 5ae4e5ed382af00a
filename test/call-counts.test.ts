import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/sandbox/index.js';
import { tables as registry } from '../src/tables/index.js';
import { syncFromSandbox } from './table-testing.js';

describe("the summary's call counts", () => {
  it('are what the server saw, service by service, for every table', async () => {
    // Some SDK middleware copies a command's input before the attempt is sent (S3's among them);
    // the call meter finds each call by its input (src/aws/call-meter.ts), so a copy would go uncounted.
    const sandbox = await startSandbox({ accounts: 2, scale: 300, seed: 3, throttling: false });
    try {
      const { summary } = await syncFromSandbox(sandbox, registry);
      const service = new Map(registry.map((t) => [t.name, t.service]));
      const counted = new Map<string, number>();
      for (const p of summary.partitions) {
        const name = service.get(p.table) ?? p.table;
        counted.set(name, (counted.get(name) ?? 0) + p.calls);
      }
      const served = new Map<string, number>();
      for (const row of sandbox.stats().rows) served.set(row.service, (served.get(row.service) ?? 0) + row.calls);
      expect(served.size).toBeGreaterThan(10);
      expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(served));
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});

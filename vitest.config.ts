import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites start their own servers on free ports; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});

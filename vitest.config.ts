import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites start their own servers on free ports; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', new SummaryReporter()],
    // Node 20 is supported here until the SDK drops it; its notice would repeat in every suite.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

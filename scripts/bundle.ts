import { build, type BuildOptions, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The CLI as one tree-shaken ESM bundle (dist/bin/), which bin/canopy.js runs.
 *
 * Why: each SDK v3 client package's CommonJS build defines the schemas of every operation of its
 * service when imported (the EC2 client ~80 MiB of RSS for ~700 operations), while canopy sends a
 * few of them. Bundled from the clients' ESM builds (they declare `sideEffects: false`), only the
 * commands canopy imports and the schemas they reach are kept: about 60 MiB less RSS per sync and
 * a faster start (docs/BENCHMARKS.md, section 3). tsc still builds dist/ for the library entry
 * and its types.
 *
 * Only the AWS SDK and what it imports are bundled. Every other package canopy imports stays an
 * import resolved from node_modules at run time: native addons (better-sqlite3, DuckDB), jq's wasm
 * file and pino's worker transports need their own files, and the rest gains nothing from bundling.
 */
const bundled = /^@(aws-sdk|smithy|aws-crypto)\//;

const onlySdkBundled: Plugin = {
  name: 'only-the-sdk-bundled',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      // An entry point is canopy's own file, whatever its path looks like (C:\ on Windows).
      if (args.kind === 'entry-point') return undefined;
      const fromCanopy = !args.importer.split(/[\\/]/).includes('node_modules');
      return fromCanopy && !bundled.test(args.path) ? { path: args.path, external: true } : undefined;
    });
  },
};

/** esbuild options shared by the CLI bundle and the benchmarks' measured child (bench/lib/build.ts). */
export function bundleOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Lazily imported modules (destinations, the sandbox, credential providers) stay lazy as chunks.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // The SDK's ESM builds, which tree-shake; CommonJS ones would be kept whole.
    mainFields: ['module', 'main'],
    plugins: [onlySdkBundled],
    sourcemap: true,
    logLevel: 'warning',
    // A CommonJS module inside the bundle may still call require() for a Node built-in.
    banner: { js: "import { createRequire as __canopyRequire } from 'node:module'; const require = __canopyRequire(import.meta.url);" },
  };
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds dist/bin/canopy.js (and its chunks) from src/cli/main.ts. */
export async function bundleCli(outdir = resolve(repoRoot, 'dist', 'bin')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build(bundleOptions({ canopy: resolve(repoRoot, 'src', 'cli', 'main.ts') }, outdir));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleCli();

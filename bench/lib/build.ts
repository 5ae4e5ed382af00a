import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle.js';
import { inRepo } from './paths.js';

/**
 * canopy bundled as users run it (bin/canopy.js runs the bundle scripts/bundle.ts builds), for
 * the figures that tsx would distort: tsx adds ~80-100 MiB of RSS and its compilation time to
 * every process. The shared dist/ is not used, since it may be older than src/: this bundles the
 * measuring child with src/ into a scratch directory, with the CLI's bundle options, once per
 * bench process, removed at exit.
 */
let built: Promise<string> | undefined;

async function compile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-build-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  // ESM output needs "type": "module"; packages left outside the bundle resolve through a link to the repository's node_modules.
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  symlinkSync(inRepo('node_modules'), join(dir, 'node_modules'), 'dir');
  await build(bundleOptions({ 'measured-sync': inRepo('bench', 'lib', 'measured-sync.ts') }, dir));
  return join(dir, 'measured-sync.js');
}

/** The bundled measured-sync.js, built on first use. */
export function compiledMeasuredSync(): Promise<string> {
  built ??= compile().catch((err: unknown) => {
    built = undefined;
    throw err;
  });
  return built;
}

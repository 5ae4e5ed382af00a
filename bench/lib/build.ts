import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inRepo, repoRoot } from './paths.js';

/**
 * canopy compiled to JavaScript, as users run it (bin/canopy.js runs dist/), for the figures that
 * tsx would distort: tsx adds ~80-100 MiB of RSS and its compilation time to every process.
 * The shared dist/ is not used, since it may be older than src/: this compiles src/ and the
 * measuring child into a scratch directory, once per bench process, removed at exit.
 */
let built: Promise<string> | undefined;

async function compile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-build-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  // ESM output needs "type": "module"; packages resolve through a link to the repository's node_modules.
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  symlinkSync(inRepo('node_modules'), join(dir, 'node_modules'), 'dir');
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: inRepo('tsconfig.json'),
      compilerOptions: { rootDir: repoRoot, outDir: dir, declaration: false, sourceMap: false, noEmit: false, incremental: false },
      include: [],
      files: [inRepo('bench', 'lib', 'measured-sync.ts')],
    }),
  );
  await promisify(execFile)(process.execPath, [inRepo('node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { cwd: repoRoot, maxBuffer: 16 * 2 ** 20 });
  return join(dir, 'bench', 'lib', 'measured-sync.js');
}

/** The compiled measured-sync.js (src/ compiled beside it), built on first use. */
export function compiledMeasuredSync(): Promise<string> {
  built ??= compile().catch((err: unknown) => {
    built = undefined;
    throw err;
  });
  return built;
}

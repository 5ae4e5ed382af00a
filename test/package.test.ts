import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  exports: Record<string, { default: string; types: string }>;
  scripts: Record<string, string>;
};

describe('the package', () => {
  it('exports the library API from src/index.ts, which the build maps to the package entry', () => {
    expect(typeof api.startSandbox).toBe('function');
    expect(pkg.exports['.']?.default).toBe('./dist/index.js');
    expect(pkg.exports['.']?.types).toBe('./dist/index.d.ts');
    const build = JSON.parse(readFileSync(resolve(root, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  });

  it('builds on install so `npx canopy` works after `npm ci`', () => {
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.bin.canopy).toBe('bin/canopy.js');
  });

  it('answers --help through the bin script once built', () => {
    // The bin script runs dist/; build it the way npm ci does if this checkout has not been built.
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    const out = execFileSync(process.execPath, [resolve(root, 'bin/canopy.js'), '--help'], { encoding: 'utf8' });
    expect(out).toContain('sandbox');
    expect(out).toContain('demo');
    const imported = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('canopy'); console.log(typeof m.startSandbox)"], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(imported.trim()).toBe('function');
  }, 120_000);
});

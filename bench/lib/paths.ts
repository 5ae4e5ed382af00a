import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The repository root, whatever the caller's working directory (vitest, npm run bench, a shell). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The node flags that run a TypeScript file from src through tsx. The loader is named by its file
 * URL, because `--import tsx` resolves from the child's working directory, which need not be the
 * repository (a scratch directory, /tmp).
 */
export function tsxNodeArgs(): string[] {
  return ['--import', pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href];
}

/** A path inside the repository. */
export function inRepo(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

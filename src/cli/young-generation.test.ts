import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { capYoungGeneration, youngGenerationMiB } from './young-generation.js';

const MiB = 1024 * 1024;

describe('the young generation cap', () => {
  it('grows the space to the size, freezes it there, and lets V8 grow it again if it shrank', async () => {
    let size = 4 * MiB;
    const flags: string[] = [];
    const stop = capYoungGeneration({ setFlags: (f) => flags.push(f), newSpace: () => size, grow: () => (size *= 2), intervalMs: 5 });
    try {
      expect(size).toBe(youngGenerationMiB * MiB);
      expect(flags).toEqual(['--semi-space-growth-factor=1']);
      size = 8 * MiB;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(flags).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
      size = youngGenerationMiB * MiB;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(flags.at(-1)).toBe('--semi-space-growth-factor=1');
    } finally {
      stop();
    }
  });

  it('holds V8\'s young generation at the size under a burst of garbage, where V8 alone grows it further', () => {
    const newSpaceAfterBurst = (cap: boolean): number => {
      const script = `import('${new URL('./young-generation.ts', import.meta.url).pathname}').then(({ capYoungGeneration }) => {
        const v8 = require('node:v8');
        if (${cap}) capYoungGeneration();
        let keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 50000) keep = []; }
        console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
      });`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
      return Number(run.stdout.trim().split('\n').at(-1)) / MiB;
    };
    expect(newSpaceAfterBurst(true)).toBe(youngGenerationMiB);
    expect(newSpaceAfterBurst(false)).toBeGreaterThan(youngGenerationMiB);
  });
});

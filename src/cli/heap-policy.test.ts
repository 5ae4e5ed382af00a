import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyHeapPolicy, heapGrowingPercent, userSizedHeap } from './heap-policy.js';
import { youngGenerationMiB } from './young-generation.js';

function applied(nodeOptions: string | undefined, execArgv: string[] = []): { flag: string | undefined; set: string[] } {
  const set: string[] = [];
  const stops: (() => void)[] = [];
  // The young generation is already at its size here: the cap only freezes it.
  const youngGeneration = { setFlags: (f: string) => set.push(f), newSpace: () => youngGenerationMiB * 1024 * 1024, grow: () => undefined, intervalMs: 60_000 };
  const flag = applyHeapPolicy({ nodeOptions, execArgv, setFlags: (f) => set.push(f), youngGeneration, onCap: (stop) => stops.push(stop) });
  for (const stop of stops) stop();
  return { flag, set };
}

describe('the CLI heap policy', () => {
  it('sets a tight heap growing factor and caps the young generation when the user set no heap flag', () => {
    const flag = `--heap-growing-percent=${heapGrowingPercent}`;
    const expected = { flag: `${flag}, young generation ${youngGenerationMiB} MiB`, set: [flag, '--semi-space-growth-factor=1'] };
    expect(applied(undefined)).toEqual(expected);
    // Other node flags are not heap flags (--max-http-header-size shares a prefix with the heap ones).
    expect(applied('--enable-source-maps --max-http-header-size=16384', ['--import', 'tsx'])).toEqual(expected);
  });

  it('leaves V8 alone when NODE_OPTIONS or node\'s own arguments size the heap: the user\'s flag wins', () => {
    for (const options of ['--max-old-space-size=512', '--max_old_space_size=4096', ' --enable-source-maps  --max-semi-space-size=8', '--max-heap-size=300', '--optimize-for-size', '--semi-space-growth-factor=4']) {
      expect(applied(options)).toEqual({ flag: undefined, set: [] });
    }
    expect(applied(undefined, ['--max-old-space-size=2048'])).toEqual({ flag: undefined, set: [] });
    expect(applied('', ['--heap-growing-percent=50'])).toEqual({ flag: undefined, set: [] });
    expect(userSizedHeap('--max-old-space-size', [])).toBe(true);
    expect(userSizedHeap('--max-old-space-sizes=1', [])).toBe(false);
  });

  it('uses a flag this node\'s V8 knows, on its command line and through v8.setFlagsFromString', () => {
    // V8 reports an unknown flag on stderr ("unrecognized flag") instead of failing: a Node upgrade
    // that dropped this flag would otherwise print that on every sync.
    const flag = `--heap-growing-percent=${heapGrowingPercent}`;
    const onCommandLine = spawnSync(process.execPath, [flag, '-e', ''], { encoding: 'utf8' });
    expect({ status: onCommandLine.status, stderr: onCommandLine.stderr }).toEqual({ status: 0, stderr: '' });
    const atRunTime = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' });
    expect({ status: atRunTime.status, stderr: atRunTime.stderr }).toEqual({ status: 0, stderr: '' });
    const unknown = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--heap-growing-percentage=20')"], { encoding: 'utf8' });
    expect(unknown.stderr).toContain('unrecognized flag');
  });
});

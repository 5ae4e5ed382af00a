import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

describe('Progress', () => {
  it('counts partitions, rows, throttles and the ones that did not complete', () => {
    let written = '';
    const out = { write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const progress = new Progress(out);
    progress.plan(3);
    progress.partition({ table: 't', accountId: '1', region: 'r', status: 'ok', rows: 10, pages: 1, calls: 5, retries: 3, throttles: 2, durationMs: 1 });
    progress.partition({ table: 't', accountId: '2', region: 'r', status: 'skipped', rows: 0, pages: 0, calls: 2, retries: 1, throttles: 1, durationMs: 1, reason: 'denied' });
    expect(progress.line()).toMatch(/^partitions 2\/3 {2}rows 10 {2}\d+ rows\/s {2}throttles 3 {2}1 skipped or failed$/);
    progress.finish();
    expect(written.endsWith('\n')).toBe(true);
    expect(written).toContain('partitions 0/3');
  });

  it('shows each source\'s running plan total, marked with + until its plan is complete', () => {
    const out = { write: () => true } as unknown as NodeJS.WriteStream;
    const progress = new Progress(out);
    const planned = () => /^partitions (\S+)/.exec(progress.line())?.[1];
    progress.plan(2, 'a', false);
    expect(planned()).toBe('0/2+');
    progress.plan(5, 'a', false);
    expect(planned()).toBe('0/5+');
    progress.plan(5, 'a', true);
    expect(planned()).toBe('0/5');
    // The next source adds to the first one's total.
    progress.plan(3, 'b', false);
    expect(planned()).toBe('0/8+');
    progress.plan(4, 'b', true);
    expect(planned()).toBe('0/9');
  });
});

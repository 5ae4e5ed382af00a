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
});

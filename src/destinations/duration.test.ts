import { describe, expect, it } from 'vitest';
import { durationMs, goDuration } from './duration.js';

describe('Go durations (batch_timeout)', () => {
  it('reads every unit and their sums', () => {
    expect(durationMs('30s')).toBe(30_000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('1.5h')).toBe(5_400_000);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('250us')).toBe(0.25);
  });

  it('refuses what Go would refuse', () => {
    for (const bad of ['10', 's', '1d', '-1s', '']) expect(goDuration.safeParse(bad).success, bad).toBe(false);
  });
});

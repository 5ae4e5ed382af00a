import { describe, expect, it } from 'vitest';
import { SandboxClock } from './clock.js';

describe('SandboxClock', () => {
  it('follows its source and moves ahead of it by what tests advance', () => {
    let source = Date.UTC(2025, 0, 1);
    const clock = new SandboxClock(() => new Date(source));
    expect(clock.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
    clock.advance(3_600_000);
    expect(clock.now().toISOString()).toBe('2025-01-01T01:00:00.000Z');
    source += 60_000;
    expect(clock.now().toISOString()).toBe('2025-01-01T01:01:00.000Z');
    expect(clock.advancedMs).toBe(3_600_000);
  });

  it('never goes backwards, even when its source does', () => {
    let source = Date.UTC(2025, 0, 1, 12);
    const clock = new SandboxClock(() => new Date(source));
    const first = clock.nowMs();
    source -= 10_000;
    expect(clock.nowMs()).toBe(first);
    source += 20_000;
    expect(clock.nowMs()).toBe(first + 10_000);
  });

  it('refuses to move back or by a non-number', () => {
    const clock = new SandboxClock();
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
    expect(() => clock.advance(Number.NaN)).toThrow(/only moves forward/);
  });

  it('runs on real time by default', () => {
    const before = Date.now();
    const now = new SandboxClock().nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

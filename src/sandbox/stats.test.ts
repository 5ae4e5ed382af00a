import { describe, expect, it } from 'vitest';
import { InFlightMeter } from './stats.js';

describe('InFlightMeter', () => {
  it('reports the peak and the average number of calls in flight over their span', () => {
    let now = 0;
    const meter = new InFlightMeter(() => now);
    const a = meter.start();
    const b = meter.start();
    now = 10;
    a();
    b();
    b(); // answering twice counts once
    const c = meter.start();
    now = 20;
    c();
    // 10 + 10 + 10 ms busy over 20 ms.
    expect(meter.snapshot()).toEqual({ peak: 2, average: 1.5, spanMs: 20 });
  });

  it('reset forgets the past but keeps counting calls still in flight', () => {
    let now = 0;
    const meter = new InFlightMeter(() => now);
    const open = meter.start();
    meter.start()();
    meter.reset();
    expect(meter.snapshot()).toEqual({ peak: 1, average: 0, spanMs: 0 });
    now = 5;
    const next = meter.start();
    expect(meter.snapshot().peak).toBe(2);
    open();
    next();
  });
});

import { describe, expect, it } from 'vitest';
import { onAbort } from './on-abort.js';

describe('onAbort', () => {
  it('runs what is still registered when the signal aborts, once, and nothing unregistered', () => {
    const controller = new AbortController();
    const ran: string[] = [];
    onAbort(controller.signal, () => ran.push('a'));
    const unregister = onAbort(controller.signal, () => ran.push('b'));
    onAbort(controller.signal, () => ran.push('c'));
    unregister();
    controller.abort();
    controller.abort();
    expect(ran).toEqual(['a', 'c']);
  });
});

import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

describe('AsyncQueue', () => {
  it('delivers items pushed before and while the consumer waits, then ends', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    const seen: number[] = [];
    const consumed = (async () => {
      for await (const n of queue) seen.push(n);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    queue.push(2);
    queue.push(3);
    queue.end();
    queue.push(4);
    await consumed;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('throws fail()\'s error after the items queued before it', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.fail(new Error('discovery failed'));
    const iterator = queue[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await expect(iterator.next()).rejects.toThrow('discovery failed');
  });

  it('rejects a consumer already waiting when it fails', async () => {
    const queue = new AsyncQueue<number>();
    const waiting = queue[Symbol.asyncIterator]().next();
    queue.fail(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
  });

  it('delivers nothing more once the consumer stops early', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.push(2);
    for await (const n of queue) {
      expect(n).toBe(1);
      break;
    }
    queue.push(3);
    expect(() => queue[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});

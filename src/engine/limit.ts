/** Runs at most `concurrency` of the wrapped calls at once; the rest wait in FIFO order. */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

/** A Limiter whose `first` takes the next free slot ahead of every call already waiting. */
export interface PriorityLimiter extends Limiter {
  readonly first: Limiter;
}

export function createLimiter(concurrency: number): PriorityLimiter {
  const max = Math.max(1, Math.floor(concurrency));
  let active = 0;
  const waiting: Array<() => void> = [];
  const run = async <T>(fn: () => Promise<T>, urgent: boolean): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => (urgent ? waiting.unshift(resolve) : waiting.push(resolve)));
    active += 1;
    try {
      return await fn();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
  const limit = <T>(fn: () => Promise<T>): Promise<T> => run(fn, false);
  return Object.assign(limit, { first: <T>(fn: () => Promise<T>): Promise<T> => run(fn, true) });
}

/**
 * A queue between producers that push items as they are ready and one consumer that iterates
 * them with `for await`: items wait in the queue until read, the iteration ends after end() once
 * every item was read, and rethrows fail()'s error after the items pushed before it.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private rejectWaiting: ((err: unknown) => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private iterated = false;

  push(item: T): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.clearWaiting();
      waiting({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** No more items: the iteration ends once the queued ones are read. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const waiting = this.waiting;
    this.clearWaiting();
    waiting?.({ value: undefined, done: true });
  }

  /** Ends the iteration with `error`, after the items already queued. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = { error };
    const reject = this.rejectWaiting;
    this.clearWaiting();
    reject?.(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.iterated) throw new Error('AsyncQueue can be iterated only once');
    this.iterated = true;
    return {
      next: () => this.next(),
      // The consumer stopped early (break, or an error in its loop): nothing more is delivered.
      return: async () => {
        this.ended = true;
        this.items.length = 0;
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.rejectWaiting = reject;
    });
  }

  private clearWaiting(): void {
    this.waiting = undefined;
    this.rejectWaiting = undefined;
  }
}

/**
 * Runs `stop` when `signal` aborts; returns what unregisters it. Every registration on one signal
 * shares a single 'abort' listener: a sync has thousands of calls and retry waits pending on the
 * same signal, and a listener each costs an add and a remove per call (and, past ten, a Node
 * MaxListenersExceededWarning).
 */
export function onAbort(signal: AbortSignal, stop: () => void): () => void {
  let pending = registered.get(signal);
  if (!pending) {
    const stops = new Set<() => void>();
    signal.addEventListener(
      'abort',
      () => {
        for (const run of stops) run();
        stops.clear();
      },
      { once: true },
    );
    registered.set(signal, stops);
    pending = stops;
  }
  const stops = pending;
  stops.add(stop);
  return () => stops.delete(stop);
}

const registered = new WeakMap<AbortSignal, Set<() => void>>();

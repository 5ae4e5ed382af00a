/**
 * Where incremental tables keep their cursors (CloudQuery's state backend): a key/value table in
 * one of the sync's databases. Keys are built by the engine, never by tables.
 */
export interface StateStore {
  get(key: string): Promise<string | undefined>;
  /** Durable when it resolves: the engine calls it only after the rows the cursor covers are written. */
  set(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** A store in memory, for library users who keep no state between syncs and for tests. */
export function memoryStateStore(initial: Record<string, string> = {}): StateStore & { entries(): Record<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    close: async () => undefined,
    entries: () => Object.fromEntries(values),
  };
}

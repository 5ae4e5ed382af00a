import { setFlagsFromString } from 'node:v8';
import { capYoungGeneration, youngGenerationMiB, type YoungGenerationCapInput } from './young-generation.js';

/**
 * How much V8's old generation may grow past the live data after a full GC, in percent (V8's
 * `--heap-growing-percent`). Left to itself V8 picks a factor of up to 4 for throughput (on a
 * machine with a large heap limit), so a sync with ~100 MiB of live data (rows waiting for their
 * batch, responses in flight) settles at 250-450 MiB of heap, mostly garbage. A sync allocates fast
 * and keeps little, so a tight factor bounds the heap near its live size at a modest CPU cost (full
 * GCs of a small heap are cheap); figures in docs/BENCHMARKS.md, section 3.
 */
export const heapGrowingPercent = 20;

/** V8 flags that size or pace the heap: a user who sets one has chosen, and canopy leaves V8 alone. */
const userHeapFlag = /^--(max[-_]old[-_]space[-_]size|max[-_]heap[-_]size|max[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor|heap[-_]growing[-_]percent|optimize[-_]for[-_]size)(=|$)/;

/** Whether NODE_OPTIONS or node's own command line (process.execArgv) carries a heap flag. */
export function userSizedHeap(nodeOptions: string | undefined, execArgv: readonly string[]): boolean {
  const fromEnv = (nodeOptions ?? '').split(/\s+/).filter(Boolean);
  return [...fromEnv, ...execArgv].some((arg) => userHeapFlag.test(arg));
}

export interface HeapPolicyInput {
  nodeOptions?: string;
  execArgv?: readonly string[];
  /** Where the flag goes; node:v8's setFlagsFromString unless a test passes its own. */
  setFlags?: (flags: string) => void;
  /** The young generation's cap (young-generation.ts); a test passes its own size and flags. */
  youngGeneration?: YoungGenerationCapInput;
  /** Receives the cap's stop function (a test stops its timer). */
  onCap?: (stop: () => void) => void;
}

/**
 * canopy's heap policy for the CLI: a tight heap growing factor and a young generation of
 * `youngGenerationMiB` (young-generation.ts), set in this process with v8.setFlagsFromString before
 * the sync starts (V8 reads the growing factor at every full GC, so no re-exec with node flags is
 * needed, and it is no hard cap: a large estate's live data can still grow the heap as far as node
 * allows, never into an out-of-memory crash at an arbitrary limit). Skipped when the user set a
 * heap flag in NODE_OPTIONS or on node's command line: theirs wins. Returns what was applied, or
 * undefined.
 */
export function applyHeapPolicy(input: HeapPolicyInput = {}): string | undefined {
  const nodeOptions = 'nodeOptions' in input ? input.nodeOptions : process.env.NODE_OPTIONS;
  if (userSizedHeap(nodeOptions, input.execArgv ?? process.execArgv)) return undefined;
  const flag = `--heap-growing-percent=${heapGrowingPercent}`;
  (input.setFlags ?? setFlagsFromString)(flag);
  const stop = capYoungGeneration(input.youngGeneration);
  input.onCap?.(stop);
  return `${flag}, young generation ${youngGenerationMiB} MiB`;
}

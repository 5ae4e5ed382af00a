import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The young generation canopy keeps, in MiB (V8's new space: two semi-spaces). V8 grows it to
 * 32 MiB on 64-bit; a sync's young objects (a response being parsed, rows waiting for their batch)
 * are reclaimed as well in half of that, for 11-22 MiB less peak RSS at the same CPU
 * (docs/BENCHMARKS.md, section 3).
 */
export const youngGenerationMiB = 16;

const MiB = 1024 * 1024;

function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

export interface YoungGenerationCapInput {
  /** Where the flags go; node:v8's setFlagsFromString unless a test passes its own. */
  setFlags?: (flags: string) => void;
  /** The new space's size in bytes; V8's own unless a test passes its own. */
  newSpace?: () => number;
  /** How often the size is looked at (default 250 ms). */
  intervalMs?: number;
  /** Allocates short-lived garbage, for the space to grow; a test passes its own. */
  grow?: () => void;
}

/** About 4 MiB of objects that die young: scavenges that find them surviving grow the space. */
function growWithGarbage(): void {
  let keep: object[] = [];
  for (let i = 0; i < 100_000; i++) {
    keep.push({ i });
    if (keep.length > 20_000) keep = [];
  }
}

/**
 * Holds the young generation near `youngGenerationMiB`. V8 fixes its limit when the process
 * starts (`--max-semi-space-size` set later is ignored) but reads `--semi-space-growth-factor`
 * whenever it grows the space: the space is grown to the size at once, then growth is switched
 * off (factor 1) while the space is at the size, and back on (V8's default, 2) should V8 shrink it
 * (a burst may then overshoot to V8's own limit, which is where a sync would be without the cap). Returns the stop function; the timer never
 * keeps the process alive.
 */
export function capYoungGeneration(input: YoungGenerationCapInput = {}): () => void {
  const setFlags = input.setFlags ?? setFlagsFromString;
  const newSpace = input.newSpace ?? newSpaceBytes;
  const target = youngGenerationMiB * MiB;
  // V8 grows the space only as scavenges find it too small, several times within one synchronous
  // stretch (a large response parsed): a timer could not stop it at the size. So it is grown to the
  // size now, with short-lived garbage (a few MiB, milliseconds), and frozen there.
  const grow = input.grow ?? growWithGarbage;
  for (let round = 0; newSpace() < target && round < 64; round++) grow();
  let frozen = false;
  const check = (): void => {
    const full = newSpace() >= target;
    if (full === frozen) return;
    frozen = full;
    setFlags(`--semi-space-growth-factor=${full ? 1 : 2}`);
  };
  check();
  const timer = setInterval(check, input.intervalMs ?? 250);
  timer.unref();
  return () => clearInterval(timer);
}

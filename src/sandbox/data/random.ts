/**
 * Deterministic pseudo-randomness. Everything the sandbox generates is a pure function of the seed
 * and a few coordinates (account, region, kind, index), so any page can be rebuilt on demand and the
 * same seed always gives byte-identical data.
 */

/** 32-bit FNV-1a over the parts joined with a separator, finished with a murmur3 avalanche. */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `length` lowercase hex digits derived from the parts. */
export function hexOf(length: number, ...parts: ReadonlyArray<string | number>): string {
  let out = '';
  for (let block = 0; out.length < length; block++) {
    out += hash32(...parts, block).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** A float in [0, 1) derived from the parts. */
export function unit(...parts: ReadonlyArray<string | number>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** An integer in [min, max] derived from the parts. */
export function intBetween(min: number, max: number, ...parts: ReadonlyArray<string | number>): number {
  return min + (hash32(...parts) % (max - min + 1));
}

/** One element of a non-empty list, chosen by the parts. */
export function pick<T>(list: readonly T[], ...parts: ReadonlyArray<string | number>): T {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[hash32(...parts) % list.length] as T;
}

/** A seeded generator for sequences where coordinates are not natural (fault injection, jitter). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** An RFC 4122 version-4-shaped UUID derived from the parts. */
export function uuidOf(...parts: ReadonlyArray<string | number>): string {
  const h = hexOf(32, ...parts);
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

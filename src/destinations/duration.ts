import { z } from 'zod';

const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** Go's time.ParseDuration syntax, which CloudQuery's batch_timeout uses: 30s, 1m30s, 500ms. */
export const goDuration = z.string().regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, { error: 'expected a duration such as 30s, 1m or 500ms' });

/** Milliseconds in a duration that passed `goDuration`. */
export function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(part)) total += Number(amount) * (units[unit ?? ''] ?? 0);
  return total;
}

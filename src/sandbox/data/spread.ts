import type { Cell } from './ids.js';
import { unit } from './random.js';

/**
 * How unevenly resources sit across an organization. Real estates are skewed: a few workload
 * accounts hold most resources, the management account holds little of them, and the primary region
 * dwarfs the others. Weights are deterministic from the seed; each kind also varies a little per
 * cell so kinds do not all peak in the same place.
 */
export function accountWeight(seed: number, accountId: string, isManagement: boolean): number {
  // The management account holds as much as a quiet workload account.
  if (isManagement) return 1;
  // Pareto-like tail: most accounts weigh 1-2, a few weigh up to ~6.
  return Math.pow(0.05 + 0.95 * unit(seed, accountId, 'account-weight'), -0.6);
}

export function regionWeight(seed: number, regions: readonly string[], region: string): number {
  if (region === 'global' || region === regions[0]) return 1;
  return 0.25 + 0.35 * unit(seed, region, 'region-weight');
}

export function kindJitter(seed: number, kind: string, cell: Cell): number {
  return 0.6 + 0.8 * unit(seed, kind, cell.accountId, cell.region, 'kind-jitter');
}

export interface KindShare {
  total: number;
  /** Σ of the cells' weights for this kind. */
  weightSum: number;
  /** Items left after every cell took the floor of its exact share; one each to `remainder` cells. */
  remainder: number;
  /** Where the run of cells receiving the remainder starts. */
  offset: number;
}

/**
 * Splits `total` over cells in proportion to their weights, exactly: each cell gets the floor of its
 * share, and the few items left go one each to a run of cells. Only sums are kept, so a cell's
 * count is recomputed from its weight on demand.
 */
export function shareOf(total: number, weights: Iterable<number>, offset: number): KindShare {
  const list = [...weights];
  const weightSum = list.reduce((a, b) => a + b, 0);
  const floors = list.reduce((sum, w) => sum + Math.floor((total * w) / weightSum), 0);
  return { total, weightSum, remainder: total - floors, offset };
}

export function countOf(share: KindShare, weight: number, position: number, cells: number): number {
  if (share.total === 0 || share.weightSum === 0) return 0;
  const rank = (position + (share.offset % cells)) % cells;
  return Math.floor((share.total * weight) / share.weightSum) + (rank < share.remainder ? 1 : 0);
}

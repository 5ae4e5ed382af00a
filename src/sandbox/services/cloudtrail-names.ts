import { arnOf } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { regionCode } from './lookup.js';

export const TRAIL_KIND = 'cloudtrail.trail';

const purposes = ['management-events', 'security-audit', 'data-events', 'compliance', 'account-activity'];

/** Names carry the home region so trails of different regions never share a name. */
export function trailName(universe: Universe, home: Cell, index: number): string {
  const purpose = pick(purposes, universe.seed, home.accountId, home.region, TRAIL_KIND, index, 'purpose');
  return indexedName(`${purpose}-${regionCode(home.region)}`, index);
}

export function trailArnAt(universe: Universe, home: Cell, index: number): string {
  return arnOf('cloudtrail', home.region, home.accountId, `trail/${trailName(universe, home, index)}`);
}

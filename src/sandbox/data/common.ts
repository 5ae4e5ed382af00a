import type { Cell } from './ids.js';
import { EPOCH } from './org.js';
import { hash32, pick } from './random.js';
import type { Universe } from './universe.js';

/** Shared vocabulary for generated resources, so tags and names agree across services. */
export const teams = ['payments', 'checkout', 'search', 'identity', 'data', 'platform', 'ml', 'web', 'mobile', 'billing'];
export const apps = ['api', 'worker', 'frontend', 'ingest', 'reports', 'auth', 'cache', 'etl', 'scheduler', 'gateway'];
export const environments = ['production', 'staging', 'development'];

/** A stable creation time before the sandbox's epoch (2024-01-01), up to ~2 years back. */
export function createdAt(seed: number, cell: Cell, kind: string, index: number): Date {
  const seconds = hash32(seed, cell.accountId, cell.region, kind, index, 'created') % (2 * 365 * 86_400);
  return new Date(EPOCH - seconds * 1000);
}

/** The environment an account's OU suggests (production OUs hold production workloads). */
export function environmentOf(universe: Universe, accountId: string): string {
  const account = universe.account(accountId);
  const unit = universe.org.units.find((u) => u.id === account?.parentId);
  const name = unit?.name.toLowerCase() ?? '';
  if (name.startsWith('production')) return 'production';
  if (name === 'staging') return 'staging';
  return 'development';
}

/** AWS-style tags `[{ Key, Value }]` for item `index` of a kind; 0 to 4 tags, Name included when given. */
export function tagsFor(
  universe: Universe,
  cell: Cell,
  kind: string,
  index: number,
  name?: string,
): Array<{ Key: string; Value: string }> {
  const seed = universe.seed;
  const count = hash32(seed, cell.accountId, cell.region, kind, index, 'tags') % 5;
  const tags: Array<{ Key: string; Value: string }> = [];
  if (name !== undefined) tags.push({ Key: 'Name', Value: name });
  const candidates: Array<[string, () => string]> = [
    ['Environment', () => environmentOf(universe, cell.accountId)],
    ['Team', () => pick(teams, seed, cell.accountId, kind, index, 'team')],
    ['CostCenter', () => `cc-${1000 + (hash32(seed, cell.accountId, kind, index, 'cc') % 9000)}`],
    ['ManagedBy', () => pick(['terraform', 'cloudformation', 'console', 'cdk'], seed, cell.accountId, kind, index)],
  ];
  for (const [key, value] of candidates.slice(0, count)) tags.push({ Key: key, Value: value() });
  return tags;
}

/** An ARN in the sandbox's partition. Global services pass region ''. */
export function arnOf(service: string, region: string, accountId: string, resource: string): string {
  return `arn:aws:${service}:${region === 'global' ? '' : region}:${accountId}:${resource}`;
}

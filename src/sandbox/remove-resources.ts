import type { Cell } from './data/ids.js';
import type { Universe } from './data/universe.js';
import { SandboxError } from './errors.js';
import type { AccountRef } from './options.js';
import { eventCellOf, kindEvents } from './services/cloudtrail-kinds.js';
import { removalEventId } from './services/cloudtrail-events.js';

/** What sandbox.removeResources() and POST /_sandbox/remove take. */
export interface RemovalRequest {
  /** A kind of the truth that --scale drives, e.g. 'ec2.instance', 's3.bucket', 'iam.user'. */
  kind: string;
  /** An account by index in the organization or by 12-digit id. */
  account: AccountRef;
  /** The region; omitted for global kinds (IAM). */
  region?: string;
  count: number;
}

export interface RemovalResult {
  kind: string;
  accountId: string;
  /** The region, or 'global' for global kinds. */
  region: string;
  /** Names or ids of the removed resources, as the services listed them. */
  removed: string[];
  /** How many of the kind's generated items are left in the cell. */
  remaining: number;
  /** The CloudTrail events recorded for the removal (us-east-1 for global kinds). */
  eventIds: string[];
  eventTime: Date;
}

function invalid(message: string): SandboxError {
  return new SandboxError('InvalidRemoval', message);
}

function resolveAccount(universe: Universe, ref: unknown): string {
  const id = typeof ref === 'number' && Number.isInteger(ref) ? universe.org.accounts[ref]?.id : typeof ref === 'string' ? ref : undefined;
  const account = id === undefined ? undefined : universe.account(id);
  if (!account) throw invalid(`no account ${String(ref)} in the sandbox organization (an index below ${universe.org.accounts.length} or a 12-digit id)`);
  if (account.status !== 'ACTIVE') throw invalid(`account ${account.id} is ${account.status.toLowerCase()}: it holds no resources`);
  return account.id;
}

function resolveCell(universe: Universe, request: RemovalRequest, scope: 'regional' | 'global', accountId: string): Cell {
  const { region, kind } = request;
  if (scope === 'global') {
    if (region !== undefined && region !== 'global') throw invalid(`${kind} is global: leave out the region`);
    return { accountId, region: 'global' };
  }
  if (typeof region !== 'string' || region === '') throw invalid(`${kind} is regional: name the region`);
  if (!universe.isEnabled(accountId, region)) throw invalid(`region ${region} is not enabled for account ${accountId}`);
  return { accountId, region };
}

/**
 * Removes the last `count` generated items of a kind from a cell, at the sandbox clock's time: every
 * API stops listing or describing them (and the children counted from them), the truth drops them,
 * and CloudTrail records the deletion calls sandbox-admin would have made. Fixed items (the default
 * VPC, sandbox-admin) cannot be removed, nor kinds counted from a parent (remove the parent).
 */
export function removeResources(universe: Universe, request: RemovalRequest): RemovalResult {
  const { kind, count } = request;
  const spec = typeof kind === 'string' ? kindEvents[kind] : undefined;
  const scope = typeof kind === 'string' ? universe.scopeOf(kind) : undefined;
  if (!spec || !scope) {
    const removable = Object.keys(kindEvents).sort().join(', ');
    throw invalid(`cannot remove ${String(kind)}: removable kinds are ${removable}; other kinds go with their parent`);
  }
  const accountId = resolveAccount(universe, request.account);
  const cell = resolveCell(universe, request, scope, accountId);
  const present = universe.allocated(cell, kind);
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) throw invalid('count must be a whole number of at least 1');
  if (count > present) throw invalid(`${accountId} ${cell.region} has ${present} removable ${kind}, fewer than ${count}`);
  const from = present - count;
  // Names are taken now: some depend on counts the removal is about to change.
  const names = Array.from({ length: count }, (_, i) => spec.nameAt(universe, cell, from + i));
  const eventCell = eventCellOf(cell);
  const atMs = universe.clock.nowMs();
  const record = universe.removals.add({
    kind,
    cell,
    from,
    count,
    atMs,
    eventCell,
    events: Math.ceil(count / spec.batch),
    batch: spec.batch,
    nameOf: (index) => names[index - from] ?? '',
  });
  return {
    kind,
    accountId,
    region: cell.region,
    removed: names,
    remaining: present - count,
    eventIds: Array.from({ length: record.events }, (_, k) => removalEventId(universe, eventCell, record.seq, k)),
    eventTime: new Date(Math.floor(atMs / 1000) * 1000),
  };
}

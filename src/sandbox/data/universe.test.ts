import { describe, expect, it } from 'vitest';
import { weightedKinds } from './catalog.js';
import { SandboxClock } from './clock.js';
import { Universe } from './universe.js';

function universe(overrides: Partial<ConstructorParameters<typeof Universe>[0]> = {}) {
  return new Universe({
    seed: 3,
    accounts: 9,
    suspendedAccounts: 2,
    regions: ['us-east-1', 'eu-west-1', 'af-south-1'],
    scale: 12_345,
    notOptedIn: [],
    readOnlyRoleName: 'CanopyReadOnly',
    ...overrides,
  });
}

describe('Universe', () => {
  it('spreads exactly --scale items over the live cells', () => {
    const u = universe();
    let sum = 0;
    for (const { kind, scope } of weightedKinds) for (const cell of u.cells(scope)) sum += u.allocated(cell, kind);
    expect(sum).toBe(12_345);
  });

  it('spreads unevenly, as real estates are: some accounts and the primary region hold much more', () => {
    const u = universe({ accounts: 30, suspendedAccounts: 0, scale: 200_000 });
    const perAccount = u.activeAccounts().map((a) => u.allocated({ accountId: a.id, region: 'us-east-1' }, 'ec2.instance'));
    expect(Math.max(...perAccount)).toBeGreaterThan(3 * Math.min(...perAccount));
    const [primary, secondary] = ['us-east-1', 'eu-west-1'].map((region) =>
      u.activeAccounts().reduce((sum, a) => sum + u.allocated({ accountId: a.id, region }, 'ec2.instance'), 0),
    );
    expect(primary).toBeGreaterThan(secondary ?? 0);
  });

  it('gives suspended accounts and disabled regions nothing', () => {
    const u = universe();
    const suspended = u.org.accounts.filter((a) => a.status === 'SUSPENDED');
    expect(suspended).toHaveLength(2);
    for (const account of suspended) {
      expect(u.allocated({ accountId: account.id, region: 'us-east-1' }, 'ec2.instance')).toBe(0);
      expect(u.allocated({ accountId: account.id, region: 'global' }, 'iam.user')).toBe(0);
    }
    const active = u.activeAccounts()[1]?.id ?? '';
    expect(u.allocated({ accountId: active, region: 'us-west-2' }, 'ec2.instance')).toBe(0);
  });

  it('reports region status as DescribeRegions does, per account', () => {
    const probe = universe();
    const member = probe.activeAccounts()[1]?.id ?? '';
    const u = universe({ notOptedIn: [{ accountId: member, region: 'af-south-1' }] });
    expect(u.regionStatus(member, 'af-south-1')).toBe('not-opted-in');
    expect(u.regionStatus(probe.org.managementAccountId, 'af-south-1')).toBe('opted-in');
    expect(u.regionStatus(member, 'us-east-1')).toBe('opt-in-not-required');
    expect(u.regionStatus(member, 'me-south-1')).toBe('not-opted-in');
    expect(u.regionStatus(member, 'us-west-2')).toBeUndefined();
    expect(u.enabledRegions(member)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('builds the same organization from the same seed, another from another', () => {
    expect(universe().org).toEqual(universe().org);
    expect(universe({ seed: 4 }).org.accounts.map((a) => a.id)).not.toEqual(universe().org.accounts.map((a) => a.id));
  });

  it('nests OUs at least two deep under the root', () => {
    const { org } = universe();
    const depth = (id: string): number => {
      const unit = org.units.find((u) => u.id === id);
      return unit ? 1 + depth(unit.parentId) : 0;
    };
    expect(Math.max(...org.units.map((u) => depth(u.id)))).toBeGreaterThanOrEqual(2);
  });

  it('subtracts runtime removals from one kind in one cell, and from then on only', () => {
    let now = Date.UTC(2025, 0, 1);
    const u = universe({ clock: new SandboxClock(() => new Date(now)) });
    const [cell, other] = u.cells('regional');
    if (!cell || !other) throw new Error('expected two cells');
    const before = u.allocated(cell, 'ec2.instance');
    const untouched = [u.allocated(other, 'ec2.instance'), u.allocated(cell, 'ec2.vpc')];
    const atMs = u.clock.nowMs();
    u.removals.add({ kind: 'ec2.instance', cell, from: before - 2, count: 2, atMs, eventCell: cell, events: 1, batch: 1000, nameOf: () => '' });
    now += 1000;
    expect(u.allocated(cell, 'ec2.instance')).toBe(before - 2);
    expect(u.generated(cell, 'ec2.instance')).toBe(before);
    expect([u.allocated(other, 'ec2.instance'), u.allocated(cell, 'ec2.vpc')]).toEqual(untouched);
    expect(u.allocatedAt(cell, 'ec2.instance', atMs)).toBe(before);
    expect(u.allocatedAt(cell, 'ec2.instance', atMs + 1)).toBe(before - 2);
    expect(u.removals.version).toBe(1);
  });

  it('knows which kinds have a scale share, and their scope', () => {
    const u = universe();
    expect(u.scopeOf('ec2.instance')).toBe('regional');
    expect(u.scopeOf('iam.user')).toBe('global');
    expect(u.scopeOf('iam.access_key')).toBeUndefined();
  });

  it('anchors the CloudTrail history at its clock', () => {
    const start = Date.UTC(2025, 5, 1, 8);
    const u = universe({ clock: new SandboxClock(() => new Date(start)), events: { perHour: 3, historyHours: 10 } });
    expect(u.timeline.originSec).toBe(start / 1000 - 10 * 3600);
    expect(u.timeline.perHour).toBe(3);
  });
});

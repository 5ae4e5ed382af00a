import { describe, expect, it } from 'vitest';
import { instanceProfileIdentity, roleAt, roleCount } from './iam/roles.js';
import { encryptionKeyArn } from './kms/keys.js';
import { instanceProfileFor, managedKeyArn, placementFor, serviceRoleArn } from './placement.js';
import { kmsKeyProblem, roleProblem, vpcProblem } from './test-references.js';
import { testUniverse } from './testing.js';

// Small scales leave custom VPCs without subnets or groups; large ones give every VPC several.
const universes = [testUniverse({ scale: 300 }), testUniverse({ scale: 2000 }), testUniverse({ scale: 50_000, seed: 3 })];

describe('placementFor', () => {
  it('picks an existing VPC with at least one of its subnets and one of its security groups', () => {
    for (const universe of universes) {
      for (const cell of universe.cells('regional')) {
        const custom = new Set<string>();
        for (let i = 0; i < 200; i++) {
          const placement = placementFor(universe, cell, 'test.kind', i);
          if (!placement) throw new Error(`no placement in a live cell ${cell.accountId}/${cell.region}`);
          expect(placement.subnets.length).toBeGreaterThan(0);
          expect(placement.subnets.length).toBeLessThanOrEqual(3);
          const problem = vpcProblem(universe, cell, {
            vpcId: placement.vpcId,
            subnetIds: placement.subnets.map((s) => s.subnetId),
            zones: placement.subnets.map((s) => s.availabilityZone),
            securityGroupIds: placement.securityGroupIds,
          });
          expect(problem).toBeUndefined();
          custom.add(placement.vpcId);
        }
        // With custom VPCs that have subnets, workloads spread over several of them.
        if (universe.allocated(cell, 'ec2.subnet') > 3 && universe.allocated(cell, 'ec2.vpc') > 3) expect(custom.size).toBeGreaterThan(1);
      }
    }
  });

  it('gives every workload in a VPC the same subnets', () => {
    const universe = universes[2];
    const cell = universe?.cells('regional')[0];
    if (!universe || !cell) throw new Error('no cell');
    const byVpc = new Map<string, string>();
    for (let i = 0; i < 500; i++) {
      const placement = placementFor(universe, cell, 'test.kind', i);
      const subnets = JSON.stringify(placement?.subnets);
      const seen = byVpc.get(placement?.vpcId ?? '');
      if (seen !== undefined) expect(subnets).toBe(seen);
      byVpc.set(placement?.vpcId ?? '', subnets);
    }
  });
});

describe('serviceRoleArn, instanceProfileFor and KMS keys', () => {
  it('names roles and keys that exist', () => {
    for (const universe of universes) {
      for (const cell of universe.cells('regional')) {
        for (let i = 0; i < 50; i++) {
          for (const suffix of ['lambda-role', 'ecs-task-role', 'no-such-type']) {
            expect(roleProblem(universe, serviceRoleArn(universe, cell.accountId, suffix, i))).toBeUndefined();
          }
          const key = encryptionKeyArn(universe, cell, 'test.kind', i);
          if (key) expect(kmsKeyProblem(universe, cell, key)).toBeUndefined();
        }
        const managed = managedKeyArn(universe, cell, 'alias/aws/rds');
        if (managed) expect(kmsKeyProblem(universe, cell, managed)).toBeUndefined();
      }
    }
  });

  it('uses roles of the requested type where the account has them', () => {
    const universe = universes[2];
    const cell = universe?.cells('regional')[0];
    if (!universe || !cell) throw new Error('no cell');
    const arns = new Set(Array.from({ length: 100 }, (_, i) => serviceRoleArn(universe, cell.accountId, 'lambda-role', i)));
    expect(arns.size).toBeGreaterThan(1);
    for (const arn of arns) expect(arn).toMatch(/:role\/service-role\/[a-z]+-[a-z]+-lambda-role-\d{4}$/);
  });

  it('names instance profiles of existing EC2 roles as IAM reports them, and none where an account has no such role', () => {
    const seen = { with: 0, without: 0 };
    for (const universe of [testUniverse({ scale: 100 }), ...universes]) {
      for (const account of universe.activeAccounts()) {
        const cell = { accountId: account.id, region: 'global' };
        const profiles = new Map<string, string>();
        for (let i = 0; i < roleCount(universe, cell); i++) {
          const role = roleAt(universe, cell, i);
          if (!role.instanceProfile) continue;
          const profile = instanceProfileIdentity(role, account.id, universe.seed);
          profiles.set(profile.Arn, profile.InstanceProfileId);
        }
        seen[profiles.size > 0 ? 'with' : 'without'] += 1;
        for (let i = 0; i < 50; i++) {
          const profile = instanceProfileFor(universe, account.id, 'test.kind', i);
          if (profiles.size === 0) expect(profile).toBeUndefined();
          else expect(profiles.get(profile?.Arn ?? '')).toBe(profile?.Id);
        }
      }
    }
    expect(seen.with).toBeGreaterThan(0);
    expect(seen.without).toBeGreaterThan(0);
  });
});

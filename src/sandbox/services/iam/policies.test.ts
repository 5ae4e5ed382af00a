import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { decodeDocument, iamAll, iamCall } from './iam-testing.js';
import { iamService } from './index.js';
import { POLICY_KIND } from './local-policies.js';
import { managedPolicies } from './managed-policies.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);

interface Policy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  Description?: string;
}

/** Every (policy ARN -> number of attachments) found by walking each user, group and role. */
async function attachmentsByScan(accountId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const walk: Array<[string, string, string]> = [
    ['ListUsers', 'UserName', 'ListAttachedUserPolicies'],
    ['ListGroups', 'GroupName', 'ListAttachedGroupPolicies'],
    ['ListRoles', 'RoleName', 'ListAttachedRolePolicies'],
  ];
  for (const [list, member, attachedOp] of walk) {
    for (const entity of await iamAll(universe, list, {}, accountId)) {
      for (const p of await iamAll<{ PolicyArn: string }>(universe, attachedOp, { [member]: entity[member] }, accountId)) {
        counts.set(p.PolicyArn, (counts.get(p.PolicyArn) ?? 0) + 1);
      }
    }
  }
  return counts;
}

describe('iam managed policies', () => {
  it('lists the customer policies the truth counts (Local), the fixed AWS set (AWS), and both (All)', async () => {
    const count = iamService.kinds?.find((k) => k.kind === POLICY_KIND)?.count;
    for (const accountId of accounts) {
      const local = await iamAll<Policy>(universe, 'ListPolicies', { Scope: 'Local' }, accountId);
      const aws = await iamAll<Policy>(universe, 'ListPolicies', { Scope: 'AWS' }, accountId);
      const all = await iamAll<Policy>(universe, 'ListPolicies', {}, accountId);
      expect(local).toHaveLength(count?.(universe, { accountId, region: 'global' }) ?? -1);
      expect(local.length).toBeGreaterThan(0);
      expect(aws).toHaveLength(managedPolicies.length);
      expect(aws.length).toBeGreaterThanOrEqual(10);
      expect(all).toEqual([...aws, ...local]);
      for (const p of local) {
        expect(p.Arn).toBe(`arn:aws:iam::${accountId}:policy${p.Path}${p.PolicyName}`);
        expect(p.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
      }
      for (const p of aws) expect(p.Arn).toBe(`arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`);
      expect(aws.map((p) => p.Arn)).toEqual(
        expect.arrayContaining(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/SecurityAudit']),
      );
      for (const size of [1, 2, 3, 4, 5]) expect(await iamAll(universe, 'ListPolicies', {}, accountId, size)).toEqual(all);
    }
  });

  it('reports AttachmentCount equal to the attachments found on every user, group and role', async () => {
    for (const accountId of accounts) {
      const scanned = await attachmentsByScan(accountId);
      const all = await iamAll<Policy>(universe, 'ListPolicies', {}, accountId);
      const arns = new Set(all.map((p) => p.Arn));
      for (const arn of scanned.keys()) expect(arns.has(arn)).toBe(true);
      for (const policy of all) expect([policy.Arn, policy.AttachmentCount]).toEqual([policy.Arn, scanned.get(policy.Arn) ?? 0]);
      const attached = await iamAll<Policy>(universe, 'ListPolicies', { OnlyAttached: true }, accountId, 3);
      expect(attached).toEqual(all.filter((p) => (scanned.get(p.Arn) ?? 0) > 0));
      expect(attached.length).toBeLessThan(all.length);
    }
  });

  it('gets every policy and every version, with URL-encoded JSON documents', async () => {
    const accountId = accounts[1] as string;
    for (const listed of await iamAll<Policy>(universe, 'ListPolicies', {}, accountId)) {
      const { Policy } = (await iamCall(universe, 'GetPolicy', { PolicyArn: listed.Arn }, accountId)) as { Policy: Policy };
      expect({ ...Policy, Description: undefined, Tags: undefined }).toEqual(listed);
      expect(Policy.Description).toBeTruthy();
      const versions = Number(Policy.DefaultVersionId.slice(1));
      for (let v = 1; v <= versions; v++) {
        const { PolicyVersion } = (await iamCall(universe, 'GetPolicyVersion', { PolicyArn: listed.Arn, VersionId: `v${v}` }, accountId)) as {
          PolicyVersion: { Document: string; VersionId: string; IsDefaultVersion: boolean };
        };
        expect(PolicyVersion.VersionId).toBe(`v${v}`);
        expect(PolicyVersion.IsDefaultVersion).toBe(v === versions);
        const document = decodeDocument(PolicyVersion.Document);
        expect(document.Version).toBe('2012-10-17');
        expect(document.Statement.length).toBeGreaterThan(0);
      }
    }
  });

  it('lists every policy\'s tags as GetPolicy reports them, none on AWS-managed ones, on any page size', async () => {
    let tagged = 0;
    for (const accountId of accounts) {
      for (const listed of await iamAll<Policy>(universe, 'ListPolicies', {}, accountId)) {
        const { Policy } = (await iamCall(universe, 'GetPolicy', { PolicyArn: listed.Arn }, accountId)) as { Policy: { Tags?: unknown[] } };
        const tags = await iamAll(universe, 'ListPolicyTags', { PolicyArn: listed.Arn }, accountId, 1);
        expect(tags).toEqual(Policy.Tags ?? []);
        if (listed.Arn.startsWith('arn:aws:iam::aws:')) expect(tags).toEqual([]);
        if (tags.length > 0) tagged += 1;
      }
    }
    expect(tagged).toBeGreaterThan(0);
    const [a, b] = accounts as [string, string];
    const [theirs] = await iamAll<Policy>(universe, 'ListPolicies', { Scope: 'Local' }, b);
    expect((await failureOf(() => iamCall(universe, 'ListPolicyTags', { PolicyArn: `arn:aws:iam::${a}:policy/none-9999` }, a))).code).toBe('NoSuchEntity');
    expect((await failureOf(() => iamCall(universe, 'ListPolicyTags', { PolicyArn: theirs?.Arn }, a))).code).toBe('AccessDenied');
  });

  it('points S3 statements at buckets of the account', async () => {
    let checked = 0;
    for (const accountId of accounts) {
      for (const policy of await iamAll<Policy>(universe, 'ListPolicies', { Scope: 'Local' }, accountId)) {
        const { PolicyVersion } = (await iamCall(universe, 'GetPolicyVersion', { PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId }, accountId)) as {
          PolicyVersion: { Document: string };
        };
        for (const statement of decodeDocument(PolicyVersion.Document).Statement) {
          for (const resource of [statement.Resource].flat() as string[]) {
            const bucket = /^arn:aws:s3:::([^/*]+)/.exec(resource)?.[1];
            if (!bucket) continue;
            expect(bucket).toContain(`-${accountId}-`);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('fails as IAM does for unknown policies, versions and other accounts', async () => {
    const [a, b] = accounts as [string, string];
    const [local] = await iamAll<Policy>(universe, 'ListPolicies', { Scope: 'Local' }, b);
    const missing = `arn:aws:iam::${a}:policy/payments-s3-read-9999`;
    const noPolicy = await failureOf(() => iamCall(universe, 'GetPolicy', { PolicyArn: missing }, a));
    expect([noPolicy.code, noPolicy.status, noPolicy.message]).toEqual(['NoSuchEntity', 404, `Policy ${missing} does not exist or is not attachable.`]);
    const wrongPath = (local?.Arn ?? '').replace(':policy/', ':policy/elsewhere/');
    expect((await failureOf(() => iamCall(universe, 'GetPolicy', { PolicyArn: wrongPath }, b))).code).toBe('NoSuchEntity');
    const awsMissing = await failureOf(() => iamCall(universe, 'GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }, a));
    expect(awsMissing.code).toBe('NoSuchEntity');
    const version = await failureOf(() => iamCall(universe, 'GetPolicyVersion', { PolicyArn: local?.Arn, VersionId: 'v9' }, b));
    expect(version.code).toBe('NoSuchEntity');
    const foreign = await failureOf(() => iamCall(universe, 'GetPolicy', { PolicyArn: local?.Arn }, a));
    expect([foreign.code, foreign.status]).toEqual(['AccessDenied', 403]);
    expect((await failureOf(() => iamCall(universe, 'GetPolicy', { PolicyArn: 'not-an-arn' }, a))).code).toBe('InvalidInput');
  });
});

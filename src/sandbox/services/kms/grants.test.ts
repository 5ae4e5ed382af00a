import { describe, expect, it } from 'vitest';
import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { indexOfId, layoutOf } from '../ec2/layout.js';
import type { Input } from '../service.js';
import { roleProblem } from '../test-references.js';
import { collectPages, failureOf } from '../test-paging.js';
import { testContext, testUniverse } from '../testing.js';
import { kinds, kmsService } from './index.js';

const handlers = kmsService.handlers;
type Key = { KeyId: string; KeyArn: string };
type Metadata = { KeyId: string; Arn: string; KeyManager: string; KeySpec: string; KeyUsage: string; CreationDate: Date };
interface Grant {
  KeyId: string;
  GrantId: string;
  Name?: string;
  CreationDate: Date;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: string[];
  Constraints?: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> };
}

const grantKind = kinds.find((k) => k.kind === 'kms.grant');

async function call(universe: Universe, cell: Cell, operation: string, input: Input): Promise<Record<string, unknown>> {
  const handler = handlers[operation];
  if (!handler) throw new Error(`no ${operation}`);
  return handler(input, testContext(universe, 'kms', operation, cell));
}

async function keysOf(universe: Universe, cell: Cell): Promise<Metadata[]> {
  const keys = (await collectPages(handlers.ListKeys, testContext(universe, 'kms', 'ListKeys', cell))).items as Key[];
  return Promise.all(keys.map(async (k) => (await call(universe, cell, 'DescribeKey', { KeyId: k.KeyId })).KeyMetadata as Metadata));
}

async function grantsOf(universe: Universe, cell: Cell, input: Input): Promise<{ items: Grant[]; pageSizes: number[] }> {
  const result = await collectPages(handlers.ListGrants, testContext(universe, 'kms', 'ListGrants', cell), input);
  return { items: result.items as Grant[], pageSizes: result.pageSizes };
}

/** The operations CreateGrant accepts for a key of each usage. */
const allowed: Record<string, string[]> = {
  ENCRYPT_DECRYPT: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'DescribeKey', 'RetireGrant', 'GetPublicKey'],
  SIGN_VERIFY: ['Sign', 'Verify', 'GetPublicKey', 'DescribeKey', 'CreateGrant', 'RetireGrant'],
  GENERATE_VERIFY_MAC: ['GenerateMac', 'VerifyMac', 'DescribeKey', 'CreateGrant', 'RetireGrant'],
};

describe('kms grants', () => {
  const universe = testUniverse({ scale: 8000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('lists, key by key, exactly the kms.grant count of every cell', async () => {
    if (!grantKind) throw new Error('no kms.grant kind');
    const perKey: number[] = [];
    for (const c of cells) {
      let listed = 0;
      for (const key of await keysOf(universe, c)) {
        const { items } = await grantsOf(universe, c, { KeyId: key.Arn });
        perKey.push(items.length);
        listed += items.length;
        for (const grant of items) expect(grant.KeyId).toBe(key.Arn);
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(grantKind.count(universe, c));
    }
    // Heavy-tailed: most keys hold none or a few grants, some hold many.
    expect(perKey.filter((n) => n === 0).length).toBeGreaterThan(perKey.length / 3);
    expect(Math.max(...perKey)).toBeGreaterThanOrEqual(8);
  });

  it('gives grants that fit their key: ids, dates, operations, grantees that resolve', async () => {
    const layout = layoutOf(universe, cell);
    const seen = { service: 0, role: 0, volume: 0 };
    const ids = new Set<string>();
    for (const key of await keysOf(universe, cell)) {
      for (const grant of (await grantsOf(universe, cell, { KeyId: key.KeyId })).items) {
        expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/);
        ids.add(grant.GrantId);
        expect(grant.IssuingAccount).toBe(`arn:aws:iam::${cell.accountId}:root`);
        expect(grant.CreationDate.getTime()).toBeGreaterThanOrEqual(key.CreationDate.getTime());
        for (const operation of grant.Operations) expect(allowed[key.KeyUsage]).toContain(operation);
        if (key.KeyManager === 'AWS') {
          expect(grant.GranteePrincipal).toMatch(new RegExp(`^[a-z0-9]+\\.${cell.region}\\.amazonaws\\.com$`));
          seen.service += 1;
        } else {
          expect(roleProblem(universe, grant.GranteePrincipal)).toBeUndefined();
          seen.role += 1;
        }
        const volume = grant.Constraints?.EncryptionContextSubset?.['aws:ebs:id'];
        if (volume !== undefined) {
          expect(indexOfId(layout, 'volume', volume, layout.volumes)).toBeDefined();
          seen.volume += 1;
        }
      }
    }
    expect(seen.service).toBeGreaterThan(0);
    expect(seen.role).toBeGreaterThan(0);
    expect(seen.volume).toBeGreaterThan(0);
    expect(ids.size).toBe(seen.service + seen.role);
  });

  it('pages with every Limit from 1 to 5, 50 by default, and filters by grant id and grantee', async () => {
    const keys = await keysOf(universe, cell);
    const counts = await Promise.all(keys.map(async (k) => (await grantsOf(universe, cell, { KeyId: k.KeyId })).items.length));
    const busiest = keys[counts.indexOf(Math.max(...counts))] as Metadata;
    const all = (await grantsOf(universe, cell, { KeyId: busiest.KeyId })).items;
    expect(all.length).toBeGreaterThan(5);
    for (let Limit = 1; Limit <= 5; Limit++) {
      const paged = await grantsOf(universe, cell, { KeyId: busiest.KeyId, Limit });
      expect(paged.items).toEqual(all);
      expect(paged.pageSizes.slice(0, -1).every((n) => n === Limit)).toBe(true);
    }
    const one = all[all.length - 1] as Grant;
    expect((await grantsOf(universe, cell, { KeyId: busiest.KeyId, GrantId: one.GrantId })).items).toEqual([one]);
    const byGrantee = (await grantsOf(universe, cell, { KeyId: busiest.KeyId, GranteePrincipal: one.GranteePrincipal })).items;
    expect(byGrantee).toEqual(all.filter((g) => g.GranteePrincipal === one.GranteePrincipal));
  });

  it('rejects bad limits, malformed grant ids and unknown keys as KMS does', async () => {
    const key = ((await keysOf(universe, cell))[0] as Metadata).KeyId;
    for (const Limit of [0, 101]) {
      expect((await failureOf(() => call(universe, cell, 'ListGrants', { KeyId: key, Limit }))).code).toBe('ValidationException');
    }
    expect((await failureOf(() => call(universe, cell, 'ListGrants', { KeyId: key, GrantId: 'nope' }))).code).toBe('InvalidGrantIdException');
    const missing = await failureOf(() => call(universe, cell, 'ListGrants', { KeyId: 'alias/does-not-exist' }));
    expect([missing.code, missing.status]).toEqual(['NotFoundException', 400]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import type { Input } from '../service.js';
import { collectPages, failureOf } from '../test-paging.js';
import { testContext, testUniverse } from '../testing.js';
import { kinds, kmsService } from './index.js';
import { aliasAt, customerKeyCount, keyAt, keyIdAt, resolveKey } from './keys.js';

const handlers = kmsService.handlers;
type Key = { KeyId: string; KeyArn: string };
type Alias = { AliasName: string; AliasArn: string; TargetKeyId: string };
type Metadata = Record<string, unknown> & { KeyId: string; Arn: string; KeyManager: string; KeySpec: string; KeyState: string };

const count = (universe: Universe, cell: Cell) => kinds[0]?.count(universe, cell) ?? -1;

async function call(universe: Universe, cell: Cell, operation: string, input: Input): Promise<Record<string, unknown>> {
  const handler = handlers[operation];
  if (!handler) throw new Error(`no ${operation}`);
  return handler(input, testContext(universe, 'kms', operation, cell));
}

async function listKeys(universe: Universe, cell: Cell, input: Input = {}) {
  return collectPages(handlers.ListKeys, testContext(universe, 'kms', 'ListKeys', cell), input);
}

async function describe_(universe: Universe, cell: Cell, keyId: string): Promise<Metadata> {
  return (await call(universe, cell, 'DescribeKey', { KeyId: keyId })).KeyMetadata as Metadata;
}

describe('kms', () => {
  const universe = testUniverse({ scale: 8000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('lists exactly kms.key keys per cell: customer keys plus AWS managed keys', async () => {
    expect(kinds.map((k) => k.kind)).toEqual(['kms.key', 'kms.grant', 'kms.key_rotation']);
    for (const c of cells) {
      const { items } = await listKeys(universe, c);
      expect(items).toHaveLength(count(universe, c));
      const keys = items as Key[];
      expect(new Set(keys.map((k) => k.KeyId)).size).toBe(keys.length);
      for (const key of keys) expect(key.KeyArn).toBe(`arn:aws:kms:${c.region}:${c.accountId}:key/${key.KeyId}`);
      const managed = (await Promise.all(keys.map((k) => describe_(universe, c, k.KeyId)))).filter((m) => m.KeyManager === 'AWS');
      expect(managed.length).toBe(count(universe, c) - customerKeyCount(universe, c));
      expect(managed.length).toBeGreaterThan(0);
    }
  });

  it('pages ListKeys with every Limit from 1 to 5 and rejects limits out of range', async () => {
    const all = (await listKeys(universe, cell)).items;
    for (let limit = 1; limit <= 5; limit++) {
      const { items, pageSizes } = await listKeys(universe, cell, { Limit: limit });
      expect(items).toEqual(all);
      expect(pageSizes.slice(0, -1).every((n) => n === limit)).toBe(true);
    }
    for (const Limit of [0, 1001]) {
      const error = await failureOf(() => call(universe, cell, 'ListKeys', { Limit }));
      expect(error.code).toBe('ValidationException');
    }
  });

  it('encodes the index in every key id, multi-Region ids included', () => {
    let multiRegion = 0;
    for (const c of cells) {
      for (let i = 0; i < count(universe, c); i++) {
        const id = keyIdAt(universe, c, i);
        if (id.startsWith('mrk-')) multiRegion += 1;
        expect(id).toMatch(/^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/);
        expect(resolveKey(universe, c, id)).toBe(i);
      }
    }
    expect(multiRegion).toBeGreaterThan(0);
  });

  it('describes a key by id, key ARN, alias name and alias ARN alike', async () => {
    const aliases = (await collectPages(handlers.ListAliases, testContext(universe, 'kms', 'ListAliases', cell))).items as Alias[];
    expect(aliases.length).toBeGreaterThan(0);
    for (const alias of aliases) {
      const byId = await describe_(universe, cell, alias.TargetKeyId);
      expect(await describe_(universe, cell, byId.Arn)).toEqual(byId);
      expect(await describe_(universe, cell, alias.AliasName)).toEqual(byId);
      expect(await describe_(universe, cell, alias.AliasArn)).toEqual(byId);
      expect(byId.KeyManager).toBe(alias.AliasName.startsWith('alias/aws/') ? 'AWS' : 'CUSTOMER');
      expect(byId.AWSAccountId).toBe(cell.accountId);
    }
    expect(aliases.map((a) => a.AliasName)).toContain('alias/aws/ebs');
  });

  it('lists aliases of existing keys only, in pages of any size, and by key', async () => {
    const keyIds = new Set(((await listKeys(universe, cell)).items as Key[]).map((k) => k.KeyId));
    const ctx = testContext(universe, 'kms', 'ListAliases', cell);
    const all = (await collectPages(handlers.ListAliases, ctx)).items as Alias[];
    for (const alias of all) expect(keyIds.has(alias.TargetKeyId)).toBe(true);
    expect(all.length).toBeLessThanOrEqual(keyIds.size);
    for (let limit = 1; limit <= 5; limit++) {
      expect((await collectPages(handlers.ListAliases, ctx, { Limit: limit })).items).toEqual(all);
    }
    const first = all[0] as Alias;
    expect((await call(universe, cell, 'ListAliases', { KeyId: first.TargetKeyId })).Aliases).toEqual([first]);
  });

  it('gives key states, specs and algorithms that agree', async () => {
    const states = new Set<string>();
    const specs = new Set<string>();
    for (const c of cells) {
      for (const key of (await listKeys(universe, c)).items as Key[]) {
        const m = await describe_(universe, c, key.KeyId);
        states.add(m.KeyState);
        specs.add(m.KeySpec);
        expect(m.Enabled).toBe(m.KeyState === 'Enabled');
        expect(m.DeletionDate instanceof Date).toBe(m.KeyState === 'PendingDeletion');
        expect(m.CustomerMasterKeySpec).toBe(m.KeySpec);
        if (m.KeyUsage === 'ENCRYPT_DECRYPT') expect(m.EncryptionAlgorithms).toBeDefined();
        if (m.KeyUsage === 'SIGN_VERIFY') expect(m.SigningAlgorithms).toBeDefined();
        if (m.KeyUsage === 'GENERATE_VERIFY_MAC') expect(m.MacAlgorithms).toEqual(['HMAC_SHA_256']);
        expect(m.MultiRegion).toBe(m.KeyId.startsWith('mrk-'));
      }
    }
    expect([...states].sort()).toEqual(['Disabled', 'Enabled', 'PendingDeletion']);
    expect(specs.size).toBeGreaterThan(2);
  });

  it('lists one key policy, `default`, and returns it as JSON with rotation status where AWS gives one', async () => {
    let unsupported = 0;
    for (const key of (await listKeys(universe, cell)).items as Key[]) {
      const names = await collectPages(handlers.ListKeyPolicies, testContext(universe, 'kms', 'ListKeyPolicies', cell), { KeyId: key.KeyArn });
      expect(names.items).toEqual(['default']);
      const { Policy, PolicyName } = await call(universe, cell, 'GetKeyPolicy', { KeyId: key.KeyId, PolicyName: names.items[0] });
      expect(PolicyName).toBe('default');
      const policy = JSON.parse(String(Policy)) as { Statement: unknown[] };
      expect(policy.Statement.length).toBeGreaterThan(0);
      const index = resolveKey(universe, cell, key.KeyId) ?? -1;
      const model = keyAt(universe, cell, index);
      if (model.spec !== 'SYMMETRIC_DEFAULT' || model.origin === 'EXTERNAL') {
        const error = await failureOf(() => call(universe, cell, 'GetKeyRotationStatus', { KeyId: key.KeyId }));
        expect(error.code).toBe('UnsupportedOperationException');
        unsupported += 1;
        continue;
      }
      const status = await call(universe, cell, 'GetKeyRotationStatus', { KeyId: key.KeyId });
      expect(status.KeyId).toBe(key.KeyArn);
      if (model.manager === 'AWS') expect(status.KeyRotationEnabled).toBe(true);
      if (status.KeyRotationEnabled) expect(status.NextRotationDate).toBeInstanceOf(Date);
    }
    expect(unsupported).toBeLessThan(count(universe, cell));
    const wrongName = await failureOf(() => call(universe, cell, 'GetKeyPolicy', { KeyId: keyIdAt(universe, cell, 0), PolicyName: 'other' }));
    expect(wrongName.code).toBe('NotFoundException');
    const unknownKey = await failureOf(() => call(universe, cell, 'ListKeyPolicies', { KeyId: 'alias/does-not-exist' }));
    expect(unknownKey.code).toBe('NotFoundException');
  });

  it('lists resource tags as TagKey/TagValue in pages', async () => {
    let tagged = 0;
    for (const key of (await listKeys(universe, cell)).items as Key[]) {
      const ctx = testContext(universe, 'kms', 'ListResourceTags', cell);
      const all = (await collectPages(handlers.ListResourceTags, ctx, { KeyId: key.KeyId })).items;
      for (const tag of all) expect(Object.keys(tag as object).sort()).toEqual(['TagKey', 'TagValue']);
      expect((await collectPages(handlers.ListResourceTags, ctx, { KeyId: key.KeyId, Limit: 1 })).items).toEqual(all);
      if (all.length > 0) tagged += 1;
    }
    expect(tagged).toBeGreaterThan(0);
  });

  it('answers NotFoundException (400) for keys and aliases that do not exist here', async () => {
    const id = keyIdAt(universe, cell, 0);
    const other = cells[1] as Cell;
    const missing = [
      id.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      `alias/does-not-exist`,
      'alias/aws/not-a-service',
      `arn:aws:kms:${other.region}:${other.accountId}:key/${id}`,
      keyIdAt(universe, cell, count(universe, cell)),
      'not-a-key',
      `alias/zz${(aliasAt(universe, cell, 0) ?? 'alias/x').slice('alias/'.length)}`,
    ];
    for (const keyId of missing) {
      const error = await failureOf(() => call(universe, cell, 'DescribeKey', { KeyId: keyId }));
      expect([error.code, error.status]).toEqual(['NotFoundException', 400]);
    }
  });

  it('has no keys outside live cells and is deterministic per seed', async () => {
    const withSuspended = testUniverse({ suspendedAccounts: 1 });
    const suspended = withSuspended.org.accounts.find((a) => a.status === 'SUSPENDED')?.id ?? '';
    expect(count(withSuspended, { accountId: suspended, region: 'us-east-1' })).toBe(0);
    const again = await listKeys(testUniverse({ scale: 8000 }), cell);
    expect(again.items).toEqual((await listKeys(universe, cell)).items);
    const other = testUniverse({ scale: 8000, seed: 99 });
    expect((await listKeys(other, other.cells('regional')[0] as Cell)).items).not.toEqual(again.items);
  });
});

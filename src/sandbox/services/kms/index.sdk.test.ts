import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  NotFoundException,
  paginateListAliases,
  paginateListGrants,
  paginateListKeyPolicies,
  paginateListKeyRotations,
  paginateListKeys,
  paginateListResourceTags,
  UnsupportedOperationException,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from '../sdk-testing.js';

describe('kms through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell) => new KMSClient(clientConfig(sandbox, cell));

  const listKeys = (cell: TruthCell, pageSize?: number) => drain(paginateListKeys({ client: client(cell), pageSize }, {}), (p) => p.Keys);
  const listAliases = async (cell: TruthCell, pageSize?: number) =>
    (await drain(paginateListAliases({ client: client(cell), pageSize }, {}), (p) => p.Aliases)).items;

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'kms.key');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of keys in every cell, with page sizes 1 to 5', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      await expectListingMatchesTruth(cell, (pageSize) => listKeys(cell, pageSize), { key: (k) => k.KeyId, pageSizes: [1, 2, 3, 4, 5] });
    }
    expect(cells.some((c) => c.count > 5)).toBe(true);
  });

  it('describes every key and reads its policy, rotation status and tags', async () => {
    for (const cell of cells) {
      const kms = client(cell);
      for (const key of (await listKeys(cell)).items) {
        const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
        expect(KeyMetadata?.Arn).toBe(key.KeyArn);
        expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
        expect(KeyMetadata?.AWSAccountId).toBe(cell.accountId);
        const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }));
        expect(() => JSON.parse(Policy ?? '')).not.toThrow();
        const rotation = kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
        if (KeyMetadata?.KeySpec === 'SYMMETRIC_DEFAULT' && KeyMetadata.Origin === 'AWS_KMS') {
          expect(typeof (await rotation).KeyRotationEnabled).toBe('boolean');
        } else {
          await expect(rotation).rejects.toBeInstanceOf(UnsupportedOperationException);
        }
        const { items: tags } = await drain(paginateListResourceTags({ client: kms, pageSize: 2 }, { KeyId: key.KeyId }), (p) => p.Tags);
        if (KeyMetadata?.KeyManager === 'AWS') expect(tags).toEqual([]);
        for (const tag of tags) expect(typeof tag.TagKey).toBe('string');
      }
    }
  });

  it('lists aliases that point at listed keys and resolve through DescribeKey', async () => {
    for (const cell of cells) {
      const keyIds = new Set((await listKeys(cell)).items.map((k) => k.KeyId));
      const aliases = await listAliases(cell);
      expect(aliases.length).toBeGreaterThan(0);
      expect(await listAliases(cell, 3)).toEqual(aliases);
      for (const alias of aliases) {
        expect(keyIds.has(alias.TargetKeyId)).toBe(true);
        const { KeyMetadata } = await client(cell).send(new DescribeKeyCommand({ KeyId: alias.AliasName }));
        expect(KeyMetadata?.KeyId).toBe(alias.TargetKeyId);
        expect(KeyMetadata?.KeyManager).toBe(alias.AliasName?.startsWith('alias/aws/') ? 'AWS' : 'CUSTOMER');
      }
    }
  });

  it('lists every key\'s grants, policies and rotations: grants and rotations add up to the truth', async () => {
    const truth = sandbox.truth();
    const grantCells = truthCells(truth, 'kms.grant');
    const rotationCells = truthCells(truth, 'kms.key_rotation');
    for (const cell of cells) {
      const kms = client(cell);
      let grants = 0;
      let rotations = 0;
      for (const key of (await listKeys(cell)).items) {
        const listed = await drain(paginateListGrants({ client: kms, pageSize: 2 }, { KeyId: key.KeyArn }), (p) => p.Grants);
        expect((await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, Limit: 100 }))).Grants ?? []).toEqual(listed.items);
        for (const grant of listed.items) {
          expect(grant.KeyId).toBe(key.KeyArn);
          expect(grant.CreationDate).toBeInstanceOf(Date);
          expect(grant.Operations?.length).toBeGreaterThan(0);
        }
        grants += listed.items.length;
        const policies = await drain(paginateListKeyPolicies({ client: kms }, { KeyId: key.KeyId }), (p) => p.PolicyNames);
        expect(policies.items).toEqual(['default']);
        const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
        if (KeyMetadata?.KeySpec === 'SYMMETRIC_DEFAULT' && KeyMetadata.Origin === 'AWS_KMS') {
          const done = await drain(paginateListKeyRotations({ client: kms, pageSize: 1 }, { KeyId: key.KeyArn }), (p) => p.Rotations);
          for (const rotation of done.items) expect(rotation.RotationDate).toBeInstanceOf(Date);
          rotations += done.items.length;
        } else {
          await expect(kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).rejects.toBeInstanceOf(UnsupportedOperationException);
        }
      }
      const at = (list: TruthCell[]) => list.find((c) => c.accountId === cell.accountId && c.region === cell.region)?.count;
      expect(grants).toBe(at(grantCells));
      expect(rotations).toBe(at(rotationCells));
    }
    expect(grantCells.some((c) => c.count > 0) && rotationCells.some((c) => c.count > 0)).toBe(true);
  });

  it('fails with NotFoundException for keys that do not exist', async () => {
    const cell = cells[0] as TruthCell;
    const kms = client(cell);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'alias/no-such-alias' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new ListKeyPoliciesCommand({ KeyId: 'alias/no-such-alias' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new ListGrantsCommand({ KeyId: 'alias/no-such-alias' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });
});

import { arnOf } from '../../data/common.js';
import { EPOCH } from '../../data/org.js';
import { renameTags } from '../lookup.js';
import { checkPageSize, defineService, paginate, SandboxError, type KindCount, type Output, type RequestContext } from '../service.js';
import { GRANT_KIND, grantHandlers, totalGrants } from './grants.js';
import { aliasAt, keyAt, keyCount, keyFromInput, keyTags, KMS_KEY_KIND, kmsLimits, type KmsKey } from './keys.js';
import { canRotate, ROTATION_KIND, ROTATION_PERIOD_DAYS, rotationHandlers, rotationUnsupported, totalRotations } from './rotations.js';

/**
 * kms.key counts every key ListKeys returns in a cell: the scale-driven customer managed keys plus
 * the AWS managed keys (aws/ebs, aws/s3, ...) of the services that have resources in that cell.
 * Grants and completed rotations are counted over those keys; every key has exactly one policy.
 */
export const kinds: KindCount[] = [
  { kind: KMS_KEY_KIND, scope: 'regional', count: keyCount },
  { kind: GRANT_KIND, scope: 'regional', count: totalGrants },
  { kind: ROTATION_KIND, scope: 'regional', count: totalRotations },
];

const DAY = 86_400_000;

/** ListAliases takes 1..100 aliases a page (50 by default), ListResourceTags 1..50 tags (50), ListKeyPolicies 1..1000 (100). */
const aliasLimits = kmsLimits(100);
const tagLimits = kmsLimits(50);
const policyLimits = kmsLimits(1000);

function algorithms(key: KmsKey): Output {
  switch (key.spec) {
    case 'SYMMETRIC_DEFAULT':
      return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] };
    case 'HMAC_256':
      return { MacAlgorithms: ['HMAC_SHA_256'] };
    case 'ECC_NIST_P256':
      return { SigningAlgorithms: ['ECDSA_SHA_256'] };
    case 'RSA_2048':
      return key.usage === 'SIGN_VERIFY'
        ? {
            SigningAlgorithms: [
              'RSASSA_PSS_SHA_256',
              'RSASSA_PSS_SHA_384',
              'RSASSA_PSS_SHA_512',
              'RSASSA_PKCS1_V1_5_SHA_256',
              'RSASSA_PKCS1_V1_5_SHA_384',
              'RSASSA_PKCS1_V1_5_SHA_512',
            ],
          }
        : { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
  }
}

function keyMetadata(key: KmsKey, ctx: RequestContext): Output {
  return {
    AWSAccountId: ctx.cell.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.created,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.usage,
    KeyState: key.state,
    ...(key.deletion ? { DeletionDate: key.deletion.date } : {}),
    Origin: key.origin,
    ...(key.origin === 'EXTERNAL' ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : {}),
    KeyManager: key.manager,
    CustomerMasterKeySpec: key.spec,
    KeySpec: key.spec,
    ...algorithms(key),
    MultiRegion: key.multiRegion,
    ...(key.multiRegion
      ? {
          MultiRegionConfiguration: {
            MultiRegionKeyType: 'PRIMARY',
            PrimaryKey: { Arn: key.arn, Region: ctx.cell.region },
            ReplicaKeys: [],
          },
        }
      : {}),
  };
}

/** The key policy KMS writes: the console default for customer keys, the service policy for AWS managed ones. */
function keyPolicy(key: KmsKey, ctx: RequestContext): string {
  const { accountId, region } = ctx.cell;
  const root = { AWS: `arn:aws:iam::${accountId}:root` };
  const managed = key.managed;
  const policy = managed
    ? {
        Version: '2012-10-17',
        Id: `auto-${managed.alias.slice(4)}-2`,
        Statement: [
          {
            Sid: `Allow access through ${managed.service.toUpperCase()} for all principals in the account that are authorized to use ${managed.service.toUpperCase()}`,
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
            Resource: '*',
            Condition: {
              StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${managed.service}.${region}.amazonaws.com` },
            },
          },
          {
            Sid: 'Allow direct access to key metadata to the account',
            Effect: 'Allow',
            Principal: root,
            Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
            Resource: '*',
          },
        ],
      }
    : {
        Version: '2012-10-17',
        Id: 'key-default-1',
        Statement: [
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: root, Action: 'kms:*', Resource: '*' },
          ...(key.usage === 'ENCRYPT_DECRYPT' && key.spec === 'SYMMETRIC_DEFAULT' && key.index % 4 === 0
            ? [
                {
                  Sid: 'Allow CloudWatch Logs to use the key',
                  Effect: 'Allow',
                  Principal: { Service: `logs.${region}.amazonaws.com` },
                  Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
                  Resource: '*',
                  Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:*` } },
                },
              ]
            : []),
        ],
      };
  return JSON.stringify(policy, null, 2);
}

/** The first yearly anniversary of the key's creation after the sandbox's epoch. */
function nextRotation(created: Date): Date {
  const period = ROTATION_PERIOD_DAYS * DAY;
  const years = Math.floor((EPOCH - created.getTime()) / period) + 1;
  return new Date(created.getTime() + years * period);
}

function aliasEntry(ctx: RequestContext, index: number): Output | undefined {
  const alias = aliasAt(ctx.universe, ctx.cell, index);
  if (alias === undefined) return undefined;
  const key = keyAt(ctx.universe, ctx.cell, index);
  return {
    AliasName: alias,
    AliasArn: arnOf('kms', ctx.cell.region, ctx.cell.accountId, alias),
    TargetKeyId: key.keyId,
    CreationDate: key.created,
    LastUpdatedDate: key.created,
  };
}

export const kmsService = defineService({
  name: 'kms',
  kinds,
  handlers: {
    ListKeys(input, ctx) {
      return paginate(input, ctx, keyCount(ctx.universe, ctx.cell), (i) => {
        const key = keyAt(ctx.universe, ctx.cell, i);
        return { KeyId: key.keyId, KeyArn: key.arn };
      }, { defaultPageSize: 100, maxPageSize: 1000, limits: kmsLimits(1000) });
    },

    DescribeKey(input, ctx) {
      return { KeyMetadata: keyMetadata(keyFromInput(input, ctx), ctx) };
    },

    ListAliases(input, ctx) {
      // Checked first: a KeyId answers without paginate(), and KMS validates Limit either way.
      checkPageSize(input.Limit, 'Limit', aliasLimits);
      if (input.KeyId !== undefined) {
        const key = keyFromInput(input, ctx);
        const entry = aliasEntry(ctx, key.index);
        return { Aliases: entry ? [entry] : [], Truncated: false };
      }
      // Keys without an alias are skipped; the page is filled by scanning forward.
      return paginate(input, ctx, keyCount(ctx.universe, ctx.cell), (i) => aliasEntry(ctx, i), {
        defaultPageSize: 50,
        maxPageSize: 100,
        limits: aliasLimits,
        filter: (entry) => entry !== undefined,
      });
    },

    GetKeyPolicy(input, ctx) {
      const key = keyFromInput(input, ctx);
      const name = input.PolicyName ?? 'default';
      if (name !== 'default') throw new SandboxError('NotFoundException', `No such policy exists: ${String(name)}`);
      return { Policy: keyPolicy(key, ctx), PolicyName: 'default' };
    },

    GetKeyRotationStatus(input, ctx) {
      const key = keyFromInput(input, ctx);
      // AWS refuses the call for keys that cannot rotate rather than answering false.
      if (!canRotate(key)) throw rotationUnsupported(key);
      // A key pending deletion reports rotation off until the deletion is cancelled.
      const enabled = key.rotation && key.state !== 'PendingDeletion';
      return {
        KeyId: key.arn,
        KeyRotationEnabled: enabled,
        ...(enabled ? { RotationPeriodInDays: ROTATION_PERIOD_DAYS, NextRotationDate: nextRotation(key.created) } : {}),
      };
    },

    ListKeyPolicies(input, ctx) {
      checkPageSize(input.Limit, 'Limit', policyLimits);
      keyFromInput(input, ctx);
      // Every KMS key has exactly one key policy, and KMS names it `default`.
      return paginate(input, ctx, 1, () => 'default', { defaultPageSize: 100, maxPageSize: 1000, limits: policyLimits });
    },

    ListResourceTags(input, ctx) {
      // KMS validates Limit before it looks the key up.
      checkPageSize(input.Limit, 'Limit', tagLimits);
      const key = keyFromInput(input, ctx);
      const tags = renameTags(keyTags(ctx.universe, ctx.cell, key), 'TagKey', 'TagValue');
      return paginate(input, ctx, tags.length, (i) => tags[i], { defaultPageSize: 50, maxPageSize: 50, limits: tagLimits });
    },

    ...grantHandlers,
    ...rotationHandlers,
  },
});

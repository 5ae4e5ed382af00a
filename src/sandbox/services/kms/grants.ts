import { apps, environmentOf, teams } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, hexOf, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { idOf, layoutOf } from '../ec2/layout.js';
import { serviceRoleArn } from '../placement.js';
import { checkPageSize, paginate, SandboxError, type Handler, type Output } from '../service.js';
import { customerKeyCount, keyCount, keyFromInput, kmsLimits, type KmsKey } from './keys.js';

/**
 * Grants on KMS keys. AWS managed keys carry the grants their service makes (EBS, RDS, ... grant
 * themselves use of aws/ebs, aws/rds for every volume or database they encrypt); customer keys
 * mostly have none, some have a few for workload roles, and a few have many. Grant g of a key is a
 * pure function of (seed, cell, key index, g); nothing is stored.
 */
export const GRANT_KIND = 'kms.grant';

/** ListGrants takes Limit 1..100 and answers 50 a page by default. */
const grantLimits = kmsLimits(100);

/** The roles customer keys are granted to: workloads that encrypt, and a sibling account's reader. */
const granteeRoles = ['lambda-role', 'ec2-role', 'ecs-task-role', 'cross-account'];

function grantRoll(universe: Universe, cell: Cell, index: number): number {
  return hash32(universe.seed, cell.accountId, cell.region, GRANT_KIND, index);
}

/** Heavy-tailed: 60% of customer keys hold no grant, 3% hold 8 to 24; managed keys 1 to 6. */
function grantCountAt(universe: Universe, cell: Cell, index: number, customer: number): number {
  const roll = grantRoll(universe, cell, index);
  if (index >= customer) return 1 + (roll % 6);
  const bucket = roll % 100;
  if (bucket < 60) return 0;
  if (bucket < 85) return 1 + ((roll >>> 8) % 2);
  if (bucket < 97) return 3 + ((roll >>> 8) % 4);
  return 8 + ((roll >>> 8) % 17);
}

export function grantCountOf(universe: Universe, cell: Cell, key: KmsKey): number {
  return grantCountAt(universe, cell, key.index, customerKeyCount(universe, cell));
}

/** Grants over every key of the cell: O(keys), as child counts may be. */
export function totalGrants(universe: Universe, cell: Cell): number {
  const customer = customerKeyCount(universe, cell);
  const keys = keyCount(universe, cell);
  let total = 0;
  for (let i = 0; i < keys; i++) total += grantCountAt(universe, cell, i, customer);
  return total;
}

/** The operations a grant may allow depend on what the key does; KMS refuses others at CreateGrant. */
function operationsFor(key: KmsKey, service: boolean): string[] {
  if (key.usage === 'SIGN_VERIFY') return ['Sign', 'Verify', 'GetPublicKey', 'DescribeKey'];
  if (key.usage === 'GENERATE_VERIFY_MAC') return ['GenerateMac', 'VerifyMac', 'DescribeKey'];
  if (key.spec !== 'SYMMETRIC_DEFAULT') return ['Decrypt', 'Encrypt', 'GetPublicKey', 'DescribeKey'];
  return service
    ? ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'DescribeKey', 'RetireGrant']
    : ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'];
}

/** An EBS grant is bound to its volume through the encryption context, as EC2 creates it. */
function volumeConstraint(universe: Universe, cell: Cell, key: KmsKey, grant: number): Output | undefined {
  const layout = layoutOf(universe, cell);
  if (layout.volumes === 0) return undefined;
  const volume = hash32(universe.seed, cell.accountId, cell.region, GRANT_KIND, key.index, grant, 'volume') % layout.volumes;
  return { EncryptionContextSubset: { 'aws:ebs:id': idOf(layout, 'volume', volume) } };
}

export function grantAt(universe: Universe, cell: Cell, key: KmsKey, grant: number): Output {
  const { seed } = universe;
  const { accountId, region } = cell;
  const roll = hash32(seed, accountId, region, GRANT_KIND, key.index, grant, 'grant');
  const created = new Date(key.created.getTime() + (roll % Math.max(1, EPOCH - key.created.getTime())));
  const entry: Output = {
    KeyId: key.arn,
    GrantId: hexOf(64, seed, accountId, region, GRANT_KIND, key.index, grant),
    CreationDate: created,
    IssuingAccount: `arn:aws:iam::${accountId}:root`,
  };
  const managed = key.managed;
  if (managed) {
    // A service's own grant names the service principal as grantee and as the one who retires it.
    const principal = `${managed.service}.${region}.amazonaws.com`;
    const constraint = managed.alias === 'aws/ebs' ? volumeConstraint(universe, cell, key, grant) : undefined;
    return {
      ...entry,
      GranteePrincipal: principal,
      RetiringPrincipal: principal,
      Operations: operationsFor(key, true),
      ...(constraint ? { Constraints: constraint } : {}),
    };
  }
  const suffix = pick(granteeRoles, seed, accountId, GRANT_KIND, key.index, grant, 'role');
  const grantee = serviceRoleArn(universe, accountId, suffix, GRANT_KIND, region, key.index, grant);
  const team = pick(teams, seed, accountId, GRANT_KIND, key.index, grant, 'team');
  const app = pick(apps, seed, accountId, GRANT_KIND, key.index, grant, 'app');
  return {
    ...entry,
    // Grants made by people usually carry a name; those made by tooling often do not.
    ...((roll >>> 8) % 3 !== 0 ? { Name: `${team}-${app}-${environmentOf(universe, accountId)}` } : {}),
    GranteePrincipal: grantee,
    ...((roll >>> 10) % 2 === 0 ? { RetiringPrincipal: grantee } : {}),
    Operations: operationsFor(key, false),
    ...((roll >>> 12) % 4 === 0 ? { Constraints: { EncryptionContextEquals: { Team: team, App: app } } } : {}),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export const grantHandlers: Record<string, Handler> = {
  ListGrants(input, ctx) {
    // KMS validates Limit and the grant id's form before it looks the key up.
    checkPageSize(input.Limit, 'Limit', grantLimits);
    const grantId = optionalString(input.GrantId);
    if (grantId !== undefined && !/^[0-9a-f]{64}$/.test(grantId)) {
      throw new SandboxError('InvalidGrantIdException', `Invalid grant id: ${grantId}`);
    }
    const key = keyFromInput(input, ctx);
    const grantee = optionalString(input.GranteePrincipal);
    const count = grantCountOf(ctx.universe, ctx.cell, key);
    const filter =
      grantId !== undefined || grantee !== undefined
        ? (item: unknown) => {
            const grant = item as Output;
            return (grantId === undefined || grant.GrantId === grantId) && (grantee === undefined || grant.GranteePrincipal === grantee);
          }
        : undefined;
    return paginate(input, ctx, count, (g) => grantAt(ctx.universe, ctx.cell, key, g), {
      defaultPageSize: 50,
      maxPageSize: 100,
      limits: grantLimits,
      filter,
    });
  },
};


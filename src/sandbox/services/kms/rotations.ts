import type { Cell } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32 } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { checkPageSize, paginate, SandboxError, type Handler, type Output } from '../service.js';
import { customerKeyCount, keyCount, keyFromInput, keyMaterialAt, kmsLimits, type KeyMaterial, type KmsKey } from './keys.js';

/**
 * Completed key material rotations (ListKeyRotations). A key with automatic rotation on has rotated
 * on every yearly anniversary of its creation before the sandbox's epoch; about one customer key in
 * ten was also rotated on demand once to three times. Only symmetric keys whose material KMS made
 * can rotate: KMS refuses the call for the others, as it does GetKeyRotationStatus.
 */
export const ROTATION_KIND = 'kms.key_rotation';

const DAY = 86_400_000;
/** The rotation period KMS uses unless one is set, and the one AWS managed keys always use. */
export const ROTATION_PERIOD_DAYS = 365;

/** ListKeyRotations takes Limit 1..1000 and answers 100 a page by default. */
const rotationLimits = kmsLimits(1000);

export function canRotate(key: Pick<KmsKey, 'spec' | 'origin'>): boolean {
  return key.spec === 'SYMMETRIC_DEFAULT' && key.origin === 'AWS_KMS';
}

/** KMS's answer to rotation calls on keys that cannot rotate. */
export function rotationUnsupported(key: KmsKey): SandboxError {
  const why = key.origin === 'EXTERNAL' ? 'origin is EXTERNAL' : `key spec is ${key.spec}`;
  return new SandboxError('UnsupportedOperationException', `${key.arn} ${why} which is not valid for this operation.`);
}

interface Rotation {
  date: Date;
  type: 'AUTOMATIC' | 'ON_DEMAND';
}

/** A key's completed rotations, oldest first. */
export function rotationsOf(universe: Universe, cell: Cell, key: KeyMaterial): Rotation[] {
  if (!canRotate(key)) return [];
  const created = key.created.getTime();
  const rotations: Rotation[] = [];
  if (key.rotation) {
    for (let at = created + ROTATION_PERIOD_DAYS * DAY; at <= EPOCH; at += ROTATION_PERIOD_DAYS * DAY) {
      rotations.push({ date: new Date(at), type: 'AUTOMATIC' });
    }
  }
  const roll = hash32(universe.seed, cell.accountId, cell.region, ROTATION_KIND, key.index);
  if (key.manager === 'CUSTOMER' && roll % 10 === 0) {
    const onDemand = 1 + ((roll >>> 8) % 3);
    const span = Math.max(1, EPOCH - created);
    for (let n = 0; n < onDemand; n++) {
      const offset = hash32(universe.seed, cell.accountId, cell.region, ROTATION_KIND, key.index, n) % span;
      rotations.push({ date: new Date(created + offset), type: 'ON_DEMAND' });
    }
  }
  return rotations.sort((a, b) => a.date.getTime() - b.date.getTime());
}

/** Rotations over every key of the cell: O(keys). */
export function totalRotations(universe: Universe, cell: Cell): number {
  const keys = keyCount(universe, cell);
  const customer = customerKeyCount(universe, cell);
  let total = 0;
  for (let i = 0; i < keys; i++) total += rotationsOf(universe, cell, keyMaterialAt(universe, cell, i, customer)).length;
  return total;
}

export const rotationHandlers: Record<string, Handler> = {
  ListKeyRotations(input, ctx) {
    checkPageSize(input.Limit, 'Limit', rotationLimits);
    const key = keyFromInput(input, ctx);
    if (!canRotate(key)) throw rotationUnsupported(key);
    const rotations = rotationsOf(ctx.universe, ctx.cell, key);
    return paginate(
      input,
      ctx,
      rotations.length,
      (i): Output => {
        const rotation = rotations[i] as Rotation;
        return { KeyId: key.keyId, RotationDate: rotation.date, RotationType: rotation.type };
      },
      { defaultPageSize: 100, maxPageSize: 1000, limits: rotationLimits },
    );
  },
};

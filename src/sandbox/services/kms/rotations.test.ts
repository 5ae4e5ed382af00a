import { describe, expect, it } from 'vitest';
import type { Cell } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import type { Universe } from '../../data/universe.js';
import type { Input } from '../service.js';
import { collectPages, failureOf } from '../test-paging.js';
import { testContext, testUniverse } from '../testing.js';
import { kinds, kmsService } from './index.js';

const handlers = kmsService.handlers;
const YEAR = 365 * 86_400_000;
type Key = { KeyId: string; KeyArn: string };
type Metadata = { KeyId: string; Arn: string; KeyManager: string; KeySpec: string; Origin: string; KeyState: string; CreationDate: Date };
type Rotation = { KeyId: string; RotationDate: Date; RotationType: 'AUTOMATIC' | 'ON_DEMAND' };

const rotationKind = kinds.find((k) => k.kind === 'kms.key_rotation');

async function call(universe: Universe, cell: Cell, operation: string, input: Input): Promise<Record<string, unknown>> {
  const handler = handlers[operation];
  if (!handler) throw new Error(`no ${operation}`);
  return handler(input, testContext(universe, 'kms', operation, cell));
}

async function keysOf(universe: Universe, cell: Cell): Promise<Metadata[]> {
  const keys = (await collectPages(handlers.ListKeys, testContext(universe, 'kms', 'ListKeys', cell))).items as Key[];
  return Promise.all(keys.map(async (k) => (await call(universe, cell, 'DescribeKey', { KeyId: k.KeyId })).KeyMetadata as Metadata));
}

const rotatable = (key: Metadata) => key.KeySpec === 'SYMMETRIC_DEFAULT' && key.Origin === 'AWS_KMS';

async function rotationsOf(universe: Universe, cell: Cell, input: Input) {
  const result = await collectPages(handlers.ListKeyRotations, testContext(universe, 'kms', 'ListKeyRotations', cell), input);
  return { items: result.items as Rotation[], pageSizes: result.pageSizes };
}

describe('kms key rotations', () => {
  const universe = testUniverse({ scale: 8000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('lists exactly the kms.key_rotation count of every cell over its rotatable keys', async () => {
    if (!rotationKind) throw new Error('no kms.key_rotation kind');
    const types = new Set<string>();
    for (const c of cells) {
      let listed = 0;
      for (const key of (await keysOf(universe, c)).filter(rotatable)) {
        const { items } = await rotationsOf(universe, c, { KeyId: key.Arn });
        listed += items.length;
        for (const r of items) types.add(r.RotationType);
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(rotationKind.count(universe, c));
    }
    expect([...types].sort()).toEqual(['AUTOMATIC', 'ON_DEMAND']);
  });

  it('rotates automatically on each yearly anniversary, in step with GetKeyRotationStatus', async () => {
    let checked = 0;
    for (const key of (await keysOf(universe, cell)).filter(rotatable)) {
      const { items } = await rotationsOf(universe, cell, { KeyId: key.KeyId });
      const dates = items.map((r) => r.RotationDate.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
      for (const r of items) {
        expect(r.KeyId).toBe(key.KeyId);
        expect(r.RotationDate.getTime()).toBeGreaterThanOrEqual(key.CreationDate.getTime());
        expect(r.RotationDate.getTime()).toBeLessThanOrEqual(EPOCH);
      }
      const automatic = items.filter((r) => r.RotationType === 'AUTOMATIC').map((r) => r.RotationDate.getTime());
      automatic.forEach((at, n) => expect(at).toBe(key.CreationDate.getTime() + (n + 1) * YEAR));
      const status = await call(universe, cell, 'GetKeyRotationStatus', { KeyId: key.KeyId });
      if (status.KeyRotationEnabled === true) {
        expect(automatic).toHaveLength(Math.floor((EPOCH - key.CreationDate.getTime()) / YEAR));
        expect((status.NextRotationDate as Date).getTime()).toBe((automatic.at(-1) ?? key.CreationDate.getTime()) + YEAR);
        checked += 1;
      } else if (key.KeyState !== 'PendingDeletion') {
        expect(automatic).toEqual([]);
      }
      if (key.KeyManager === 'AWS') expect(items.every((r) => r.RotationType === 'AUTOMATIC')).toBe(true);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('pages with Limit 1 to 3 and refuses keys that cannot rotate, bad limits and unknown keys', async () => {
    const keys = await keysOf(universe, cell);
    let paged = 0;
    for (const key of keys.filter(rotatable)) {
      const all = (await rotationsOf(universe, cell, { KeyId: key.KeyId })).items;
      if (all.length < 2) continue;
      for (let Limit = 1; Limit <= 3; Limit++) expect((await rotationsOf(universe, cell, { KeyId: key.KeyId, Limit })).items).toEqual(all);
      paged += 1;
    }
    expect(paged).toBeGreaterThan(0);
    const fixed = keys.find((k) => !rotatable(k));
    if (!fixed) throw new Error('no key that cannot rotate');
    expect((await failureOf(() => call(universe, cell, 'ListKeyRotations', { KeyId: fixed.KeyId }))).code).toBe('UnsupportedOperationException');
    const key = (keys.find(rotatable) as Metadata).KeyId;
    for (const Limit of [0, 1001]) {
      expect((await failureOf(() => call(universe, cell, 'ListKeyRotations', { KeyId: key, Limit }))).code).toBe('ValidationException');
    }
    expect((await failureOf(() => call(universe, cell, 'ListKeyRotations', { KeyId: 'alias/nope' }))).code).toBe('NotFoundException');
  });
});

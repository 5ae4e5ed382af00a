import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { ecsService, kinds } from './ecs.js';
import { resolveKey } from './kms/keys.js';
import type { Input } from './service.js';
import { collectPages, failureOf } from './test-paging.js';
import { testContext, testUniverse } from './testing.js';

const handlers = ecsService.handlers;
type Cluster = Record<string, unknown> & { clusterArn: string; clusterName: string };

const count = (universe: Universe, cell: Cell) => kinds[0]?.count(universe, cell) ?? -1;

async function listArns(universe: Universe, cell: Cell, input: Input = {}) {
  const result = await collectPages(handlers.ListClusters, testContext(universe, 'ecs', 'ListClusters', cell), input);
  return { arns: result.items as string[], pageSizes: result.pageSizes };
}

async function describeClusters(universe: Universe, cell: Cell, input: Input) {
  const handler = handlers.DescribeClusters;
  if (!handler) throw new Error('no DescribeClusters');
  return (await handler(input, testContext(universe, 'ecs', 'DescribeClusters', cell))) as {
    clusters: Cluster[];
    failures: Array<{ arn: string; reason: string }>;
  };
}

describe('ecs', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('lists exactly ecs.cluster clusters per cell, with every page size', async () => {
    expect(kinds.map((k) => k.kind)).toEqual(['ecs.cluster', 'ecs.service', 'ecs.task', 'ecs.container_instance']);
    for (const c of cells) {
      const { arns } = await listArns(universe, c);
      expect(arns).toHaveLength(count(universe, c));
      expect(new Set(arns).size).toBe(arns.length);
      for (const arn of arns) expect(arn).toMatch(new RegExp(`^arn:aws:ecs:${c.region}:${c.accountId}:cluster/[a-z0-9-]+$`));
    }
    const { arns } = await listArns(universe, cell);
    expect(arns.length).toBeGreaterThan(5);
    for (let maxResults = 1; maxResults <= 5; maxResults++) {
      const paged = await listArns(universe, cell, { maxResults });
      expect(paged.arns).toEqual(arns);
      expect(paged.pageSizes.slice(0, -1).every((n) => n === maxResults)).toBe(true);
    }
  });

  it('rejects maxResults out of 1..100', async () => {
    for (const maxResults of [0, 101]) {
      const error = await failureOf(() => handlers.ListClusters?.({ maxResults }, testContext(universe, 'ecs', 'ListClusters', cell)));
      expect(error.code).toBe('InvalidParameterException');
    }
  });

  it('describes clusters by ARN and by name, with the includes asked for', async () => {
    const { arns } = await listArns(universe, cell);
    const byArn = await describeClusters(universe, cell, { clusters: arns });
    expect(byArn.failures).toEqual([]);
    expect(byArn.clusters.map((c) => c.clusterArn)).toEqual(arns);
    const byName = await describeClusters(universe, cell, { clusters: byArn.clusters.map((c) => c.clusterName) });
    expect(byName.clusters).toEqual(byArn.clusters);
    for (const cluster of byArn.clusters) {
      expect(cluster.status).toBe('ACTIVE');
      expect(cluster.tags).toEqual([]);
      expect(cluster.settings).toBeUndefined();
    }
    const full = await describeClusters(universe, cell, {
      clusters: arns,
      include: ['TAGS', 'SETTINGS', 'STATISTICS', 'CONFIGURATIONS', 'ATTACHMENTS'],
    });
    let tagged = 0;
    for (const cluster of full.clusters) {
      const stats = Object.fromEntries((cluster.statistics as Array<{ name: string; value: string }>).map((s) => [s.name, Number(s.value)]));
      expect((stats.runningEC2TasksCount ?? 0) + (stats.runningFargateTasksCount ?? 0)).toBe(cluster.runningTasksCount);
      expect(cluster.settings).toEqual([{ name: 'containerInsights', value: expect.stringMatching(/^(enabled|disabled)$/) }]);
      const tags = cluster.tags as Array<Record<string, string>>;
      for (const tag of tags) expect(Object.keys(tag).sort()).toEqual(['key', 'value']);
      if (tags.length > 0) tagged += 1;
      const config = cluster.configuration as { executeCommandConfiguration: { kmsKeyId?: string } };
      const kmsKeyId = config.executeCommandConfiguration.kmsKeyId;
      if (kmsKeyId !== undefined) expect(resolveKey(universe, cell, kmsKeyId)).toBeDefined();
    }
    expect(tagged).toBeGreaterThan(0);
  });

  it('reports unknown clusters as failures with reason MISSING, the default cluster included', async () => {
    const { arns } = await listArns(universe, cell);
    const known = arns[0] as string;
    const other = cells[1] as Cell;
    const foreign = known.replace(`:${cell.region}:${cell.accountId}:`, `:${other.region}:${other.accountId}:`);
    const renamed = known.replace(/-(\d{4})$/, '-9999');
    const restemmed = known.replace('cluster/', 'cluster/zz');
    const result = await describeClusters(universe, cell, { clusters: [known, 'no-such-cluster', foreign, renamed, restemmed] });
    expect(result.clusters.map((c) => c.clusterArn)).toEqual([known]);
    expect(result.failures).toEqual([
      { arn: `arn:aws:ecs:${cell.region}:${cell.accountId}:cluster/no-such-cluster`, reason: 'MISSING' },
      { arn: foreign, reason: 'MISSING' },
      { arn: renamed, reason: 'MISSING' },
      { arn: restemmed, reason: 'MISSING' },
    ]);
    const none = await describeClusters(universe, cell, {});
    expect(none).toEqual({ clusters: [], failures: [{ arn: `arn:aws:ecs:${cell.region}:${cell.accountId}:cluster/default`, reason: 'MISSING' }] });
    const tooMany = await failureOf(() => describeClusters(universe, cell, { clusters: Array.from({ length: 101 }, (_, i) => `c${i}`) }));
    expect(tooMany.code).toBe('InvalidParameterException');
    const badInclude = await failureOf(() => describeClusters(universe, cell, { clusters: [known], include: ['EVERYTHING'] }));
    expect(badInclude.code).toBe('InvalidParameterException');
  });

  it('is deterministic per seed', async () => {
    const again = await listArns(testUniverse({ scale: 20_000 }), cell);
    expect(again.arns).toEqual((await listArns(universe, cell)).arns);
    const other = testUniverse({ scale: 20_000, seed: 3 });
    expect((await listArns(other, other.cells('regional')[0] as Cell)).arns).not.toEqual(again.arns);
  });
});

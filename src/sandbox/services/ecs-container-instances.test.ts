import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { indexOfId, layoutOf, zoneName } from './ec2/layout.js';
import { instanceFacts } from './ec2/instance-facts.js';
import { kinds } from './ecs.js';
import { describeAll, ecsAll, ecsCall, ecsClusters, type ClusterStats } from './ecs-testing.js';
import { failureOf } from './test-paging.js';
import { testUniverse } from './testing.js';

interface ContainerInstance {
  containerInstanceArn: string;
  ec2InstanceId: string;
  status: string;
  agentConnected: boolean;
  runningTasksCount: number;
  pendingTasksCount: number;
  attributes: Array<{ name: string; value: string }>;
  registeredResources: Array<{ name: string; integerValue: number }>;
  remainingResources: Array<{ name: string; integerValue: number }>;
  tags?: Array<Record<string, string>>;
  healthStatus?: { overallStatus: string };
}

const instanceKind = kinds.find((k) => k.kind === 'ecs.container_instance');

describe('ecs container instances', () => {
  // Few EC2 instances per cell at this scale, so some cells also register ECS Anywhere hosts.
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  const instancesOf = async (c: Cell, cluster: ClusterStats, include: string[] = []) => {
    const arns = (await ecsAll(universe, c, 'ListContainerInstances', { cluster: cluster.clusterArn })).items;
    return describeAll<ContainerInstance>(universe, c, 'DescribeContainerInstances', 'containerInstances', 'containerInstances', cluster.clusterArn, arns, 100, { include });
  };

  it('lists the instances each cluster counts, ecs.container_instance in all, each on its own EC2 instance', async () => {
    if (!instanceKind) throw new Error('no ecs.container_instance kind');
    const kinds = { ec2: 0, anywhere: 0 };
    for (const c of cells) {
      const layout = layoutOf(universe, c);
      const hosts = new Set<string>();
      let listed = 0;
      for (const cluster of await ecsClusters(universe, c)) {
        const instances = await instancesOf(c, cluster);
        expect(instances).toHaveLength(cluster.registeredContainerInstancesCount);
        listed += instances.length;
        if (instances.length > 0) {
          expect(instances.reduce((n, i) => n + i.runningTasksCount, 0)).toBe(cluster.runningTasksCount);
          expect(instances.reduce((n, i) => n + i.pendingTasksCount, 0)).toBe(cluster.pendingTasksCount);
        }
        for (const instance of instances) {
          expect(instance.containerInstanceArn).toMatch(new RegExp(`^arn:aws:ecs:${c.region}:${c.accountId}:container-instance/${cluster.clusterName}/[0-9a-f]{32}$`));
          hosts.add(instance.ec2InstanceId);
          const zone = instance.attributes.find((a) => a.name === 'ecs.availability-zone')?.value;
          const ec2 = indexOfId(layout, 'instance', instance.ec2InstanceId, layout.instances);
          if (ec2 === undefined) {
            expect(instance.ec2InstanceId).toMatch(/^mi-[0-9a-f]{17}$/);
            kinds.anywhere += 1;
            continue;
          }
          const facts = instanceFacts(layout, ec2);
          expect(zone).toBe(zoneName(layout, facts.zone));
          expect(instance.agentConnected).toBe(facts.state === 'running');
          kinds.ec2 += 1;
        }
      }
      expect(hosts.size).toBe(listed);
      expect(listed, `${c.accountId} ${c.region}`).toBe(instanceKind.count(universe, c));
    }
    expect(kinds.ec2).toBeGreaterThan(0);
  });

  it('reports resources, tags and health as asked, and unknown instances as MISSING', async () => {
    const cluster = (await ecsClusters(universe, cell)).find((c) => c.registeredContainerInstancesCount > 1);
    if (!cluster) throw new Error('no EC2 cluster');
    const plain = await instancesOf(cell, cluster);
    const full = await instancesOf(cell, cluster, ['TAGS', 'CONTAINER_INSTANCE_HEALTH']);
    for (const [n, instance] of full.entries()) {
      expect(plain[n]?.tags).toBeUndefined();
      expect(plain[n]?.healthStatus).toBeUndefined();
      expect(instance.healthStatus?.overallStatus).toBe(instance.agentConnected ? 'OK' : 'IMPAIRED');
      for (const tag of instance.tags ?? []) expect(Object.keys(tag).sort()).toEqual(['key', 'value']);
      const cpu = (list: ContainerInstance['registeredResources']) => list.find((r) => r.name === 'CPU')?.integerValue ?? -1;
      expect(cpu(instance.remainingResources)).toBeLessThanOrEqual(cpu(instance.registeredResources));
    }
    const arn = (plain[0] as ContainerInstance).containerInstanceArn;
    const other = arn.replace(`/${cluster.clusterName}/`, '/some-other-cluster/');
    const out = await ecsCall(universe, cell, 'DescribeContainerInstances', { cluster: cluster.clusterName, containerInstances: [arn, other] });
    expect((out.containerInstances as ContainerInstance[]).map((i) => i.containerInstanceArn)).toEqual([arn]);
    expect(out.failures).toEqual([{ arn: other, reason: 'MISSING' }]);
    expect((await ecsAll(universe, cell, 'ListContainerInstances', { cluster: cluster.clusterArn, status: 'DRAINING' })).items).toEqual([]);
    for (const maxResults of [1, 2]) {
      expect((await ecsAll(universe, cell, 'ListContainerInstances', { cluster: cluster.clusterArn, maxResults })).items).toHaveLength(plain.length);
    }
    const errors: Array<[Record<string, unknown>, string]> = [
      [{ cluster: 'nope', containerInstances: [arn] }, 'ClusterNotFoundException'],
      [{ cluster: cluster.clusterArn, containerInstances: [arn], include: ['STATS'] }, 'InvalidParameterException'],
      [{ cluster: cluster.clusterArn, containerInstances: Array.from({ length: 101 }, () => arn) }, 'InvalidParameterException'],
    ];
    for (const [input, code] of errors) expect((await failureOf(() => ecsCall(universe, cell, 'DescribeContainerInstances', input))).code).toBe(code);
  });
});

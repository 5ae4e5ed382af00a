import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { idOf, indexOfId, layoutOf, subnetVpc } from './ec2/layout.js';
import { kinds } from './ecs.js';
import { describeAll, ecsAll, ecsCall, ecsClusters, type ClusterStats } from './ecs-testing.js';
import { vpcProblem } from './test-references.js';
import { failureOf } from './test-paging.js';
import { testUniverse } from './testing.js';

interface Service {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  taskDefinition: string;
  deployments: Array<{ taskDefinition: string; status: string; id: string }>;
  networkConfiguration?: { awsvpcConfiguration: { subnets: string[]; securityGroups: string[] } };
  tags?: Array<Record<string, string>>;
}

const serviceKind = kinds.find((k) => k.kind === 'ecs.service');

describe('ecs services', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  const servicesOf = async (c: Cell, cluster: ClusterStats) => {
    const arns = (await ecsAll(universe, c, 'ListServices', { cluster: cluster.clusterArn })).items;
    return describeAll<Service>(universe, c, 'DescribeServices', 'services', 'services', cluster.clusterArn, arns, 10, { include: ['TAGS'] });
  };

  it('lists as many services as DescribeClusters counts, ecs.service in all, and describes them in batches of 10', async () => {
    if (!serviceKind) throw new Error('no ecs.service kind');
    let many = 0;
    for (const c of cells) {
      let listed = 0;
      for (const cluster of await ecsClusters(universe, c)) {
        const services = await servicesOf(c, cluster);
        expect(services).toHaveLength(cluster.activeServicesCount);
        listed += services.length;
        const sum = (pick: (s: Service) => number) => services.reduce((n, s) => n + pick(s), 0);
        expect(sum((s) => s.runningCount)).toBe(cluster.runningTasksCount);
        expect(sum((s) => s.pendingCount)).toBe(cluster.pendingTasksCount);
        for (const s of services) {
          expect(s.serviceArn).toBe(`arn:aws:ecs:${c.region}:${c.accountId}:service/${cluster.clusterName}/${s.serviceName}`);
          expect(s.clusterArn).toBe(cluster.clusterArn);
          expect(s.desiredCount).toBe(s.runningCount + s.pendingCount);
          expect(s.taskDefinition).toMatch(new RegExp(`^arn:aws:ecs:${c.region}:${c.accountId}:task-definition/[a-z-]+:\\d+$`));
          expect(s.deployments.map((d) => [d.status, d.taskDefinition])).toEqual([['PRIMARY', s.taskDefinition]]);
          expect(s.launchType !== undefined).toBe(s.capacityProviderStrategy === undefined);
          for (const tag of s.tags ?? []) expect(Object.keys(tag).sort()).toEqual(['key', 'value']);
        }
        if (services.length > 10) many += 1;
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(serviceKind.count(universe, c));
    }
    expect(many).toBeGreaterThan(0);
  });

  it('puts Fargate services in subnets and security groups of one VPC of the cell', async () => {
    let fargate = 0;
    for (const cluster of await ecsClusters(universe, cell)) {
      for (const s of await servicesOf(cell, cluster)) {
        const network = s.networkConfiguration?.awsvpcConfiguration;
        if (s.launchType === 'EC2') {
          expect(network).toBeUndefined();
          continue;
        }
        if (!network) throw new Error(`${s.serviceArn} has no network`);
        const vpcId = vpcOf(network.subnets[0] ?? '');
        expect(vpcProblem(universe, cell, { vpcId, subnetIds: network.subnets, securityGroupIds: network.securityGroups })).toBeUndefined();
        fargate += 1;
      }
    }
    expect(fargate).toBeGreaterThan(0);
  });

  it('pages ListServices 10 at a time by default, filters by launch type, and reports unknown services as MISSING', async () => {
    const clusters = await ecsClusters(universe, cell);
    const busy = clusters.reduce((a, b) => (b.activeServicesCount > a.activeServicesCount ? b : a));
    const all = await ecsAll(universe, cell, 'ListServices', { cluster: busy.clusterName });
    expect(all.pageSizes[0]).toBe(Math.min(10, all.items.length));
    for (const maxResults of [1, 2, 3]) expect((await ecsAll(universe, cell, 'ListServices', { cluster: busy.clusterArn, maxResults })).items).toEqual(all.items);
    const described = await describeAll<Service>(universe, cell, 'DescribeServices', 'services', 'services', busy.clusterArn, all.items, 10);
    for (const launchType of ['EC2', 'FARGATE']) {
      const filtered = (await ecsAll(universe, cell, 'ListServices', { cluster: busy.clusterArn, launchType })).items;
      expect(filtered).toEqual(described.filter((s) => s.launchType === launchType).map((s) => s.serviceArn));
    }
    const first = described[0] as Service;
    expect(first.tags).toBeUndefined();
    const byName = await ecsCall(universe, cell, 'DescribeServices', { cluster: busy.clusterName, services: [first.serviceName, 'no-such-service'] });
    expect(byName.services).toEqual([first]);
    expect(byName.failures).toEqual([{ arn: `arn:aws:ecs:${cell.region}:${cell.accountId}:service/${busy.clusterName}/no-such-service`, reason: 'MISSING' }]);
  });

  it('answers ECS errors: no cluster, the default cluster, too many or no services, bad include or page size', async () => {
    const cluster = ((await ecsClusters(universe, cell))[0] as ClusterStats).clusterArn;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['ListServices', { cluster: 'no-such-cluster' }, 'ClusterNotFoundException'],
      ['ListServices', {}, 'ClusterNotFoundException'],
      ['ListServices', { cluster, maxResults: 101 }, 'InvalidParameterException'],
      ['DescribeServices', { services: ['x'] }, 'ClusterNotFoundException'],
      ['DescribeServices', { cluster, services: Array.from({ length: 11 }, (_, i) => `s-${i}`) }, 'InvalidParameterException'],
      ['DescribeServices', { cluster, services: [] }, 'InvalidParameterException'],
      ['DescribeServices', { cluster, services: ['x'], include: ['EVERYTHING'] }, 'InvalidParameterException'],
    ];
    for (const [operation, input, code] of cases) {
      expect((await failureOf(() => ecsCall(universe, cell, operation, input))).code, `${operation} ${JSON.stringify(input)}`).toBe(code);
    }
  });

  /** The id of the VPC a subnet of the cell belongs to. */
  function vpcOf(subnetId: string): string {
    const layout = layoutOf(universe, cell);
    const subnet = indexOfId(layout, 'subnet', subnetId, layout.subnets);
    if (subnet === undefined) throw new Error(`no subnet ${subnetId}`);
    return idOf(layout, 'vpc', subnetVpc(layout, subnet));
  }
});

import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { Table } from '../../engine/table.js';
import { eksClusterAddons } from './cluster-addons.js';
import { eksClusterNodeGroups } from './cluster-node-groups.js';
import { eksClusters } from './clusters.js';
import { eksFargateProfiles } from './fargate-profiles.js';
import { eksTables } from './index.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_eks_clusters.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'certificate_authority', 'client_request_token', 'connector_config', 'created_at', 'encryption_config', 'endpoint', 'identity', 'kubernetes_network_config', 'logging', 'name', 'platform_version', 'resources_vpc_config', 'role_arn', 'status', 'tags', 'version'];

/** The child tables with their keys, truth kinds and CloudQuery's documented columns (docs/tables/aws_eks_*.md). */
const children: Array<{ table: Table; key: string[]; kind: string; documented: string[] }> = [
  {
    table: eksClusterNodeGroups,
    key: ['arn'],
    kind: 'eks.node_group',
    documented: ['account_id', 'region', 'arn', 'ami_type', 'capacity_type', 'cluster_name', 'created_at', 'disk_size', 'health', 'instance_types', 'labels', 'launch_template', 'modified_at', 'node_role', 'nodegroup_arn', 'nodegroup_name', 'release_version', 'remote_access', 'resources', 'scaling_config', 'status', 'subnets', 'tags', 'taints', 'update_config', 'version'],
  },
  {
    table: eksFargateProfiles,
    key: ['arn'],
    kind: 'eks.fargate_profile',
    documented: ['account_id', 'region', 'arn', 'cluster_name', 'created_at', 'fargate_profile_arn', 'fargate_profile_name', 'pod_execution_role_arn', 'selectors', 'status', 'subnets', 'tags'],
  },
  {
    table: eksClusterAddons,
    key: ['arn', 'cluster_arn'],
    kind: 'eks.addon',
    documented: ['account_id', 'region', 'arn', 'cluster_arn', 'addon_arn', 'addon_name', 'addon_version', 'cluster_name', 'configuration_values', 'created_at', 'health', 'marketplace_information', 'modified_at', 'owner', 'publisher', 'service_account_role_arn', 'status', 'tags'],
  },
];

describe('eks tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: EKSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, eksTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_eks_clusters');

  it('registers aws_eks_clusters keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(eksTables).toEqual([eksClusters, eksClusterNodeGroups, eksFargateProfiles, eksClusterAddons]);
    expect(eksClusters.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(eksClusters.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'eks.cluster')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'eks.cluster', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:eks:[a-z0-9-]+:\d{12}:cluster\/[\w-]+$/.test(r.arn) && String(r.arn).split(':')[3] === r.region)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('matches DescribeCluster: name, version, tags map', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new EKSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const names = (await client.send(new ListClustersCommand({}))).clusters ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const cluster = (await client.send(new DescribeClusterCommand({ name }))).cluster;
      const row = rows().find((r) => r.arn === cluster?.arn);
      expect(row).toMatchObject({ name, version: cluster?.version, status: cluster?.status, role_arn: cluster?.roleArn });
      expect(row?.tags ?? null).toEqual(cluster?.tags ?? null);
      expect(row?.created_at).toEqual(cluster?.createdAt);
    }
  });

  it('registers node groups, Fargate profiles and add-ons as children of aws_eks_clusters, with their keys and columns', () => {
    for (const { table, key, documented: columns } of children) {
      expect(table.parent?.table, table.name).toBe('aws_eks_clusters');
      expect(table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name), table.name).toEqual(key);
      const names = new Set(table.schema.columns.map((c) => c.name));
      expect(columns.filter((c) => !names.has(c)), table.name).toEqual([]);
    }
  });

  it('has exactly the truth of each child per account and region, each row under its cluster\'s row', () => {
    const clusters = new Map(rows().map((r) => [r._cq_id, r]));
    for (const { table, kind } of children) {
      expect(summary.tables.find((t) => t.table === table.name)?.partitions, table.name).toEqual({ ok: accounts.length * REGIONS.length, skipped: 0, failed: 0 });
      const childRows = destination.rows(table.name);
      expect(truthCount(sandbox, kind), kind).toBeGreaterThan(0);
      for (const account of accounts) {
        for (const region of REGIONS) {
          const here = childRows.filter((r) => r.account_id === account && r.region === region).length;
          expect(here, `${table.name} ${account} ${region}`).toBe(truthCount(sandbox, kind, account, region));
        }
      }
      for (const row of childRows) {
        const cluster = clusters.get(row._cq_parent_id);
        expect(cluster, table.name).toBeDefined();
        expect([row.cluster_name, row.account_id, row.region]).toEqual([cluster?.name, cluster?.account_id, cluster?.region]);
        expect(String(row.arn).startsWith(`arn:aws:eks:${String(row.region)}:${String(row.account_id)}:`)).toBe(true);
      }
    }
    for (const row of destination.rows('aws_eks_cluster_addons')) expect(row.cluster_arn).toBe(clusters.get(row._cq_parent_id)?.arn);
  });

  it('stores node groups, Fargate profiles and add-ons as the SDK describes them', async () => {
    const seen = { nodegroups: 0, profiles: 0, addons: 0 };
    for (const account of accounts) {
      const eks = new EKSClient({ endpoint: sandbox.endpoint, region: 'eu-west-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
      try {
        for (const clusterName of (await eks.send(new ListClustersCommand({}))).clusters ?? []) {
          for (const nodegroupName of (await eks.send(new ListNodegroupsCommand({ clusterName }))).nodegroups ?? []) {
            const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }));
            const row = destination.rows('aws_eks_cluster_node_groups').find((r) => r.arn === nodegroup?.nodegroupArn);
            expect(row).toMatchObject({ nodegroup_name: nodegroupName, version: nodegroup?.version, node_role: nodegroup?.nodeRole, subnets: nodegroup?.subnets, created_at: nodegroup?.createdAt });
            expect(row?.tags ?? null).toEqual(nodegroup?.tags ?? null);
            expect(row?.scaling_config).toEqual(nodegroup?.scalingConfig);
            seen.nodegroups += 1;
          }
          for (const fargateProfileName of (await eks.send(new ListFargateProfilesCommand({ clusterName }))).fargateProfileNames ?? []) {
            const { fargateProfile } = await eks.send(new DescribeFargateProfileCommand({ clusterName, fargateProfileName }));
            const row = destination.rows('aws_eks_fargate_profiles').find((r) => r.arn === fargateProfile?.fargateProfileArn);
            expect(row).toMatchObject({ fargate_profile_name: fargateProfileName, pod_execution_role_arn: fargateProfile?.podExecutionRoleArn, subnets: fargateProfile?.subnets });
            expect(row?.selectors).toEqual(fargateProfile?.selectors);
            seen.profiles += 1;
          }
          for (const addonName of (await eks.send(new ListAddonsCommand({ clusterName }))).addons ?? []) {
            const { addon } = await eks.send(new DescribeAddonCommand({ clusterName, addonName }));
            const row = destination.rows('aws_eks_cluster_addons').find((r) => r.arn === addon?.addonArn);
            expect(row).toMatchObject({ addon_name: addonName, addon_version: addon?.addonVersion, status: addon?.status, modified_at: addon?.modifiedAt });
            seen.addons += 1;
          }
        }
      } finally {
        eks.destroy();
      }
    }
    expect(seen).toEqual({
      nodegroups: truthCount(sandbox, 'eks.node_group', undefined, 'eu-west-1'),
      profiles: truthCount(sandbox, 'eks.fargate_profile', undefined, 'eu-west-1'),
      addons: truthCount(sandbox, 'eks.addon', undefined, 'eu-west-1'),
    });
    expect(seen.nodegroups * seen.addons).toBeGreaterThan(0);
  });
});

import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { indexOfName, parseArn, requiredString } from '../lookup.js';
import { SandboxError, checkPageSize, defineService, notFound, paginate, type Input, type KindCount, type Output, type RequestContext } from '../service.js';
import { backtrackAt, backtrackCount, backtrackFields, backtrackRefusal, BACKTRACK_KIND, totalBacktracks } from './backtracks.js';
import { buildCluster, buildInstance, clusterIdentifier, standaloneIdentifier } from './data.js';
import { CLUSTER_KIND, INSTANCE_KIND, memberCount, memberIndex, rdsLayout, type RdsLayout } from './layout.js';

export const kinds: KindCount[] = [
  { kind: INSTANCE_KIND, scope: 'regional', count: (universe, cell) => rdsLayout(universe, cell).instances },
  { kind: CLUSTER_KIND, scope: 'regional', count: (universe, cell) => rdsLayout(universe, cell).clusters },
  { kind: BACKTRACK_KIND, scope: 'regional', count: totalBacktracks },
];

/** A cluster as DescribeDBClusters reports it, with the backtrack settings of clusters that have them. */
function clusterAt(universe: Universe, cell: Cell, cluster: number): Output {
  return { ...buildCluster(universe, cell, cluster), ...backtrackFields(universe, cell, cluster) };
}

/** RDS pages hold 100 records by default and reject MaxRecords outside 20..100 rather than clamping it. */
const PAGE = { defaultPageSize: 100, maxPageSize: 100, limits: { min: 20, max: 100, code: 'InvalidParameterValue' } };

function clusterIndexOf(universe: Universe, cell: Cell, layout: RdsLayout, identifier: string): number | undefined {
  return indexOfName(identifier, layout.clusters, (c) => clusterIdentifier(universe, cell, c));
}

/** The instance an identifier names: a standalone instance, or member n of a cluster (`<cluster>-instance-<n>`). */
function instanceIndexOf(universe: Universe, cell: Cell, layout: RdsLayout, identifier: string): number | undefined {
  const member = /^(.+)-instance-(\d+)$/.exec(identifier);
  if (member) {
    const cluster = clusterIndexOf(universe, cell, layout, member[1] ?? '');
    const position = Number(member[2]) - 1;
    if (cluster === undefined || position < 0 || position >= memberCount(cluster)) return undefined;
    return memberIndex(layout, cluster, position);
  }
  return indexOfName(identifier, layout.standalone, (i) => standaloneIdentifier(universe, cell, i));
}

/**
 * The identifier an input names: RDS identifiers are case-insensitive (stored in lower case), and
 * Describe calls and filters also take the resource's ARN, which must be in the caller's cell.
 */
function identifierOf(text: string, cell: Cell, type: 'db' | 'cluster'): string | undefined {
  if (!text.startsWith('arn:')) return text.toLowerCase();
  const arn = parseArn(text);
  if (!arn || arn.service !== 'rds' || arn.region !== cell.region || arn.accountId !== cell.accountId) return undefined;
  return arn.resource.startsWith(`${type}:`) ? arn.resource.slice(type.length + 1).toLowerCase() : undefined;
}

type Fields = Record<string, (item: Output) => unknown[]>;

const instanceFields: Fields = {
  'db-instance-id': (i) => [i.DBInstanceIdentifier, i.DBInstanceArn],
  'db-cluster-id': (i) => [i.DBClusterIdentifier, i.DBClusterIdentifier === undefined ? undefined : clusterArnOf(i)],
  'dbi-resource-id': (i) => [i.DbiResourceId],
  engine: (i) => [i.Engine],
};

const clusterFields: Fields = {
  'db-cluster-id': (c) => [c.DBClusterIdentifier, c.DBClusterArn],
  'db-cluster-resource-id': (c) => [c.DbClusterResourceId],
  engine: (c) => [c.Engine],
};

function clusterArnOf(instance: Output): string {
  return String(instance.DBInstanceArn).replace(/:db:[^:]+$/, `:cluster:${String(instance.DBClusterIdentifier)}`);
}

/** A paginate() filter for RDS Filters: every filter must match one of its values. */
function filterOf(input: Input, fields: Fields): ((item: unknown) => boolean) | undefined {
  const filters = Array.isArray(input.Filters) ? (input.Filters as Array<{ Name?: unknown; Values?: unknown }>) : [];
  if (filters.length === 0) return undefined;
  const checks = filters.map((f) => {
    const name = typeof f.Name === 'string' ? f.Name : '';
    const field = fields[name];
    if (!field) throw new SandboxError('InvalidParameterValue', `Unrecognized filter name: ${name}.`);
    const values = new Set(Array.isArray(f.Values) ? f.Values.map((v) => String(v).toLowerCase()) : []);
    return (item: Output) => field(item).some((v) => typeof v === 'string' && values.has(v.toLowerCase()));
  });
  return (item) => checks.every((check) => check(item as Output));
}

function describeDBInstances(input: Input, ctx: RequestContext): Output {
  // Checked first: an identifier answers without paginate(), and RDS validates MaxRecords either way.
  checkPageSize(input.MaxRecords, 'MaxRecords', PAGE.limits);
  const { universe, cell } = ctx;
  const layout = rdsLayout(universe, cell);
  const filter = filterOf(input, instanceFields);
  const requested = input.DBInstanceIdentifier;
  if (typeof requested === 'string' && requested !== '') {
    const identifier = identifierOf(requested, cell, 'db');
    const index = identifier === undefined ? undefined : instanceIndexOf(universe, cell, layout, identifier);
    if (index === undefined) throw notFound('DBInstanceNotFound', `DBInstance ${requested} not found.`);
    const item = buildInstance(universe, cell, layout, index);
    return { DBInstances: !filter || filter(item) ? [item] : [] };
  }
  return paginate(input, ctx, layout.instances, (i) => buildInstance(universe, cell, layout, i), { ...PAGE, filter });
}

function describeDBClusters(input: Input, ctx: RequestContext): Output {
  // Checked first: an identifier answers without paginate(), and RDS validates MaxRecords either way.
  checkPageSize(input.MaxRecords, 'MaxRecords', PAGE.limits);
  const { universe, cell } = ctx;
  const layout = rdsLayout(universe, cell);
  const filter = filterOf(input, clusterFields);
  const requested = input.DBClusterIdentifier;
  if (typeof requested === 'string' && requested !== '') {
    const identifier = identifierOf(requested, cell, 'cluster');
    const index = identifier === undefined ? undefined : clusterIndexOf(universe, cell, layout, identifier);
    if (index === undefined) throw notFound('DBClusterNotFoundFault', `DBCluster ${requested} not found.`);
    const item = clusterAt(universe, cell, index);
    return { DBClusters: !filter || filter(item) ? [item] : [] };
  }
  return paginate(input, ctx, layout.clusters, (c) => clusterAt(universe, cell, c), { ...PAGE, filter });
}

function listTagsForResource(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  const name = requiredString(input, 'ResourceName', 'InvalidParameterValue');
  const layout = rdsLayout(universe, cell);
  const arn = parseArn(name);
  const type = arn?.resource.split(':')[0];
  if (!arn || arn.service !== 'rds' || (type !== 'db' && type !== 'cluster')) {
    throw new SandboxError('InvalidParameterValue', `The specified resource name does not match an RDS resource in this region.`);
  }
  const identifier = identifierOf(name, cell, type);
  if (type === 'db') {
    const index = identifier === undefined ? undefined : instanceIndexOf(universe, cell, layout, identifier);
    if (index === undefined) throw notFound('DBInstanceNotFound', `DBInstance ${name} not found.`);
    return { TagList: buildInstance(universe, cell, layout, index).TagList };
  }
  const index = identifier === undefined ? undefined : clusterIndexOf(universe, cell, layout, identifier);
  if (index === undefined) throw notFound('DBClusterNotFoundFault', `DBCluster ${name} not found.`);
  return { TagList: buildCluster(universe, cell, index).TagList };
}

const backtrackFilterFields: Fields = {
  'db-cluster-backtrack-id': (b) => [b.BacktrackIdentifier],
  'db-cluster-backtrack-status': (b) => [b.Status],
};

/** Backtracks of one Aurora MySQL cluster; RDS refuses clusters that cannot or do not backtrack. */
function describeDBClusterBacktracks(input: Input, ctx: RequestContext): Output {
  checkPageSize(input.MaxRecords, 'MaxRecords', PAGE.limits);
  const { universe, cell } = ctx;
  const requested = requiredString(input, 'DBClusterIdentifier', 'InvalidParameterValue');
  const identifier = identifierOf(requested, cell, 'cluster');
  const cluster = identifier === undefined ? undefined : clusterIndexOf(universe, cell, rdsLayout(universe, cell), identifier);
  if (cluster === undefined) throw notFound('DBClusterNotFoundFault', `DBCluster ${requested} not found.`);
  const refusal = backtrackRefusal(universe, cell, cluster);
  if (refusal) throw new SandboxError('InvalidParameterCombination', refusal);
  const filter = filterOf(input, backtrackFilterFields);
  const wanted = typeof input.BacktrackIdentifier === 'string' && input.BacktrackIdentifier !== '' ? input.BacktrackIdentifier.toLowerCase() : undefined;
  const count = backtrackCount(universe, cell, cluster);
  if (wanted !== undefined) {
    const found = Array.from({ length: count }, (_, i) => backtrackAt(universe, cell, cluster, i)).find((b) => b.BacktrackIdentifier === wanted);
    if (!found) throw notFound('DBClusterBacktrackNotFoundFault', `Backtrack ${input.BacktrackIdentifier as string} not found.`);
    return { DBClusterBacktracks: !filter || filter(found) ? [found] : [] };
  }
  return paginate(input, ctx, count, (i) => backtrackAt(universe, cell, cluster, i), { ...PAGE, filter });
}

export const rdsService = defineService({
  name: 'rds',
  kinds,
  handlers: {
    DescribeDBInstances: describeDBInstances,
    DescribeDBClusters: describeDBClusters,
    DescribeDBClusterBacktracks: describeDBClusterBacktracks,
    ListTagsForResource: listTagsForResource,
  },
});

import { tagsFor, createdAt, arnOf, teams } from '../data/common.js';
import { indexedName, trailingIndex, type Cell } from '../data/ids.js';
import { hash32, intBetween, pick, unit, uuidOf } from '../data/random.js';
import { EPOCH } from '../data/org.js';
import type { Universe } from '../data/universe.js';
import { indexOfName, nameFromArnOrName, parseArn, requiredString } from './lookup.js';
import { encryptionKeyArn } from './kms/keys.js';
import { SandboxError, checkPageSize, defineService, type Input, type KindCount, type Output, type PageLimits, type RequestContext } from './service.js';

const KIND = 'dynamodb.table';

/** Every table answers DescribeContinuousBackups; each replica of a global table has auto scaling settings. */
export const CONTINUOUS_BACKUPS_KIND = 'dynamodb.continuous_backups';
export const REPLICA_AUTO_SCALING_KIND = 'dynamodb.replica_auto_scaling';

export const kinds: KindCount[] = [
  { kind: KIND, scope: 'regional', count: (universe, cell) => universe.allocated(cell, KIND) },
  { kind: CONTINUOUS_BACKUPS_KIND, scope: 'regional', count: (universe, cell) => universe.allocated(cell, KIND) },
  { kind: REPLICA_AUTO_SCALING_KIND, scope: 'regional', count: replicaAutoScalingCount },
];

/** Replicas over the cell's global tables, the table's own region included: O(tables). */
function replicaAutoScalingCount(universe: Universe, cell: Cell): number {
  let total = 0;
  const tables = universe.allocated(cell, KIND);
  for (let i = 0; i < tables; i++) {
    const others = replicaRegions(universe, cell, i).length;
    if (others > 0) total += 1 + others;
  }
  return total;
}

/** What a table stores, with the key schema and secondary index such a table usually has. */
interface Entity {
  name: string;
  hash: string;
  range?: string;
  index?: { name: string; hash: string; range?: string };
}

const entities: readonly Entity[] = [
  { name: 'orders', hash: 'customerId', range: 'orderId', index: { name: 'byStatus', hash: 'status', range: 'createdAt' } },
  { name: 'sessions', hash: 'sessionId' },
  { name: 'users', hash: 'userId', index: { name: 'byEmail', hash: 'email' } },
  { name: 'events', hash: 'pk', range: 'sk', index: { name: 'gsi1', hash: 'gsi1pk', range: 'gsi1sk' } },
  { name: 'inventory', hash: 'sku', range: 'warehouseId' },
  { name: 'carts', hash: 'cartId' },
  { name: 'payments', hash: 'paymentId', index: { name: 'byAccount', hash: 'accountId', range: 'createdAt' } },
  { name: 'audit-log', hash: 'entityId', range: 'timestamp' },
  { name: 'feature-flags', hash: 'flag' },
  { name: 'idempotency-keys', hash: 'id' },
];

function entityOf(universe: Universe, cell: Cell, index: number): Entity {
  return pick(entities, universe.seed, cell.accountId, cell.region, KIND, index, 'entity');
}

/** Table `index` of the cell, e.g. `payments-orders-0042`; the team matches the item's Team tag. */
export function tableNameAt(universe: Universe, cell: Cell, index: number): string {
  const team = pick(teams, universe.seed, cell.accountId, KIND, index, 'team');
  return indexedName(`${team}-${entityOf(universe, cell, index).name}`, index);
}

function tableArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('dynamodb', cell.region, cell.accountId, `table/${tableNameAt(universe, cell, index)}`);
}

function tableIndex(universe: Universe, cell: Cell, name: string): number | undefined {
  return indexOfName(name, universe.allocated(cell, KIND), (i) => tableNameAt(universe, cell, i));
}

/** DynamoDB stream labels are the stream's creation time without a zone designator. */
function streamLabel(date: Date): string {
  return date.toISOString().replace('Z', '');
}

/** A third of the tables stream their changes; Lambda event source mappings read some of them. `index` is one of the cell's tables. */
export function hasStream(universe: Universe, cell: Cell, index: number): boolean {
  return unit(universe.seed, cell.accountId, cell.region, KIND, index, 'stream') < 0.35;
}

function streamOf(universe: Universe, cell: Cell, index: number): { label: string; arn: string } | undefined {
  const at = (...parts: Array<string | number>) => [universe.seed, cell.accountId, cell.region, KIND, index, ...parts];
  if (!hasStream(universe, cell, index)) return undefined;
  const created = createdAt(universe.seed, cell, KIND, index);
  const label = streamLabel(new Date(created.getTime() + (hash32(...at('stream-at')) % 86_400) * 1000));
  return { label, arn: `${tableArnAt(universe, cell, index)}/stream/${label}` };
}

/** The table's latest stream ARN, or undefined when it has no stream (for Lambda's event sources). */
export function streamArnAt(universe: Universe, cell: Cell, index: number): string | undefined {
  return index < universe.allocated(cell, KIND) ? streamOf(universe, cell, index)?.arn : undefined;
}

/** The version of global tables whose replicas DescribeTableReplicaAutoScaling describes. */
export const GLOBAL_TABLE_VERSION = '2019.11.21';

/**
 * Replica regions come from outside the sandbox's regions: a replica in one of them would have to
 * be listed there too, and cells are generated independently.
 */
const replicaCandidates = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-west-2', 'ap-southeast-1', 'ap-northeast-1'];

/** The other regions of a global table (about one table in eight), or none for a regional table. */
export function replicaRegions(universe: Universe, cell: Cell, index: number): string[] {
  const at = (...parts: Array<string | number>) => [universe.seed, cell.accountId, cell.region, KIND, index, ...parts];
  if (unit(...at('global')) >= 0.12) return [];
  const outside = replicaCandidates.filter((r) => r !== cell.region && !universe.regions.includes(r));
  if (outside.length === 0) return [];
  const wanted = Math.min(outside.length, unit(...at('replicas')) < 0.7 ? 1 : 2);
  const start = hash32(...at('replica-start')) % outside.length;
  return Array.from({ length: wanted }, (_, k) => outside[(start + k) % outside.length] as string).sort();
}

function throughput(provisioned: boolean, read: number, write: number): Output {
  return provisioned
    ? { NumberOfDecreasesToday: 0, ReadCapacityUnits: read, WriteCapacityUnits: write }
    : { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
}

function buildTable(universe: Universe, cell: Cell, index: number): Output {
  const seed = universe.seed;
  const at = (...parts: Array<string | number>) => [seed, cell.accountId, cell.region, KIND, index, ...parts];
  const name = tableNameAt(universe, cell, index);
  const arn = tableArnAt(universe, cell, index);
  const entity = entityOf(universe, cell, index);
  const created = createdAt(seed, cell, KIND, index);
  const provisioned = unit(...at('billing')) < 0.4;
  const read = pick([5, 10, 25, 50, 100, 400], ...at('rcu'));
  const write = pick([5, 10, 25, 50, 100], ...at('wcu'));
  const itemCount = hash32(...at('items')) % 5_000_000;
  const keySchema = [{ AttributeName: entity.hash, KeyType: 'HASH' }];
  if (entity.range) keySchema.push({ AttributeName: entity.range, KeyType: 'RANGE' });
  const attributes = new Set([entity.hash, ...(entity.range ? [entity.range] : [])]);
  const table: Output = {
    TableName: name,
    TableArn: arn,
    TableId: uuidOf(...at('id')),
    TableStatus: 'ACTIVE',
    KeySchema: keySchema,
    CreationDateTime: created,
    ProvisionedThroughput: throughput(provisioned, read, write),
    BillingModeSummary: provisioned
      ? { BillingMode: 'PROVISIONED' }
      : { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: created },
    ItemCount: itemCount,
    TableSizeBytes: itemCount * intBetween(80, 2000, ...at('item-size')),
    DeletionProtectionEnabled: unit(...at('protect')) < 0.3,
    TableClassSummary: { TableClass: unit(...at('class')) < 0.1 ? 'STANDARD_INFREQUENT_ACCESS' : 'STANDARD' },
  };
  if (entity.index && unit(...at('gsi')) < 0.7) {
    const gsi = entity.index;
    for (const key of [gsi.hash, gsi.range]) if (key) attributes.add(key);
    const gsiKeys = [{ AttributeName: gsi.hash, KeyType: 'HASH' }];
    if (gsi.range) gsiKeys.push({ AttributeName: gsi.range, KeyType: 'RANGE' });
    table.GlobalSecondaryIndexes = [
      {
        IndexName: gsi.name,
        IndexArn: `${arn}/index/${gsi.name}`,
        IndexStatus: 'ACTIVE',
        KeySchema: gsiKeys,
        Projection: { ProjectionType: 'ALL' },
        ProvisionedThroughput: throughput(provisioned, read, write),
        IndexSizeBytes: Math.floor((table.TableSizeBytes as number) / 3),
        ItemCount: itemCount,
      },
    ];
  }
  // Key attributes are the only ones DynamoDB declares: everything else is schemaless.
  const numeric = new Set(['timestamp', 'createdAt']);
  table.AttributeDefinitions = [...attributes]
    .sort()
    .map((a) => ({ AttributeName: a, AttributeType: numeric.has(a) ? 'N' : 'S' }));
  const stream = streamOf(universe, cell, index);
  if (stream) {
    table.StreamSpecification = {
      StreamEnabled: true,
      StreamViewType: pick(['NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'KEYS_ONLY'], ...at('view')),
    };
    table.LatestStreamLabel = stream.label;
    table.LatestStreamArn = stream.arn;
  }
  const replicas = replicaRegions(universe, cell, index);
  if (replicas.length > 0) {
    table.GlobalTableVersion = GLOBAL_TABLE_VERSION;
    table.Replicas = replicas.map((region) => ({ RegionName: region, ReplicaStatus: 'ACTIVE' }));
  }
  const key = unit(...at('sse')) < 0.3 ? encryptionKeyArn(universe, cell, KIND, index) : undefined;
  if (key) table.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: key };
  return table;
}

/** ListTables takes 1..100 names a page (100 by default); DynamoDB rejects any other Limit. */
const LIST_TABLES_LIMITS: PageLimits = { min: 1, max: 100, code: 'ValidationException' };

function listTables(input: Input, ctx: RequestContext): Output {
  const limit = checkPageSize(input.Limit, 'Limit', LIST_TABLES_LIMITS) ?? 100;
  const { universe, cell } = ctx;
  const total = universe.allocated(cell, KIND);
  const start = input.ExclusiveStartTableName;
  // The token is the last name returned. Names end in their index, so paging resumes right after
  // it; a name that is not one of ours resumes after the index it ends in, or ends the listing.
  let from = 0;
  if (typeof start === 'string' && start !== '') {
    const index = tableIndex(universe, cell, start) ?? trailingIndex(start);
    from = index === undefined ? total : Math.min(total, index + 1);
  }
  const to = Math.min(total, from + limit);
  const names: string[] = [];
  for (let i = from; i < to; i++) names.push(tableNameAt(universe, cell, i));
  const output: Output = { TableNames: names };
  if (to < total && names.length > 0) output.LastEvaluatedTableName = names[names.length - 1];
  return output;
}

/** The table a TableName (name or ARN) names, or the operation's own not-found error. */
function findTable(input: Input, ctx: RequestContext, notFound: (name: string) => SandboxError): number {
  const text = requiredString(input, 'TableName');
  const name = nameFromArnOrName(text, ctx.cell, 'dynamodb', 'table');
  const index = name === undefined ? undefined : tableIndex(ctx.universe, ctx.cell, name);
  if (index === undefined) throw notFound(name ?? text);
  return index;
}

const resourceNotFound = (name: string) => new SandboxError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);

function describeTable(input: Input, ctx: RequestContext): Output {
  return { Table: buildTable(ctx.universe, ctx.cell, findTable(input, ctx, resourceNotFound)) };
}

/**
 * Continuous backups are always on; point-in-time recovery is on for 40% of tables, restorable
 * from up to 35 days back (or the table's creation) to five minutes before the sandbox's now.
 */
function describeContinuousBackups(input: Input, ctx: RequestContext): Output {
  // DescribeContinuousBackups has its own not-found code.
  const index = findTable(input, ctx, (name) => new SandboxError('TableNotFoundException', `Table not found: ${name}`));
  const { universe, cell } = ctx;
  const at = (...parts: Array<string | number>) => [universe.seed, cell.accountId, cell.region, KIND, index, ...parts];
  let recovery: Output = { PointInTimeRecoveryStatus: 'DISABLED' };
  if (unit(...at('pitr')) < 0.4) {
    const earliest = Math.max(createdAt(universe.seed, cell, KIND, index).getTime(), EPOCH - 35 * 86_400_000);
    recovery = {
      PointInTimeRecoveryStatus: 'ENABLED',
      EarliestRestorableDateTime: new Date(earliest),
      LatestRestorableDateTime: new Date(Math.max(earliest, EPOCH - 5 * 60_000)),
    };
  }
  return { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: recovery } };
}

/** Target tracking at 70% utilisation between the provisioned units and ten times them. */
function autoScalingSettings(units: unknown, metric: string, resource: string): Output {
  const minimum = typeof units === 'number' && units > 0 ? units : 5;
  return {
    MinimumUnits: minimum,
    MaximumUnits: minimum * 10,
    AutoScalingDisabled: false,
    ScalingPolicies: [
      {
        PolicyName: `DynamoDB${metric}CapacityUtilization:${resource}`,
        TargetTrackingScalingPolicyConfiguration: { DisableScaleIn: false, TargetValue: 70 },
      },
    ],
  };
}

/** One replica's auto scaling: on-demand tables have nothing to scale, so only their status shows. */
function replicaAutoScaling(table: Output, region: string): Output {
  const name = String(table.TableName);
  const throughput = table.ProvisionedThroughput as { ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  const provisioned = (table.BillingModeSummary as { BillingMode?: string }).BillingMode === 'PROVISIONED';
  const scaling = (resource: string): Output =>
    provisioned
      ? {
          ProvisionedReadCapacityAutoScalingSettings: autoScalingSettings(throughput.ReadCapacityUnits, 'Read', resource),
          ProvisionedWriteCapacityAutoScalingSettings: autoScalingSettings(throughput.WriteCapacityUnits, 'Write', resource),
        }
      : {};
  const indexes = ((table.GlobalSecondaryIndexes ?? []) as Array<{ IndexName: string }>).map((gsi) => ({
    IndexName: gsi.IndexName,
    IndexStatus: 'ACTIVE',
    ...scaling(`table/${name}/index/${gsi.IndexName}`),
  }));
  const own = scaling(`table/${name}`);
  const replica: Output = { RegionName: region, ReplicaStatus: 'ACTIVE' };
  if (indexes.length > 0) replica.GlobalSecondaryIndexes = indexes;
  if (provisioned) {
    replica.ReplicaProvisionedReadCapacityAutoScalingSettings = own.ProvisionedReadCapacityAutoScalingSettings;
    replica.ReplicaProvisionedWriteCapacityAutoScalingSettings = own.ProvisionedWriteCapacityAutoScalingSettings;
  }
  return replica;
}

/** Every replica of a global table, this region's included; a table that is not global has none. */
function describeTableReplicaAutoScaling(input: Input, ctx: RequestContext): Output {
  const index = findTable(input, ctx, resourceNotFound);
  const table = buildTable(ctx.universe, ctx.cell, index);
  const others = replicaRegions(ctx.universe, ctx.cell, index);
  const regions = others.length === 0 ? [] : [ctx.cell.region, ...others].sort();
  return {
    TableAutoScalingDescription: { TableName: table.TableName, TableStatus: table.TableStatus, Replicas: regions.map((r) => replicaAutoScaling(table, r)) },
  };
}

function listTagsOfResource(input: Input, ctx: RequestContext): Output {
  const text = requiredString(input, 'ResourceArn');
  const arn = parseArn(text);
  if (!arn || arn.service !== 'dynamodb') {
    throw new SandboxError('ValidationException', `Invalid TableArn: Invalid ResourceArn provided as input ${text}`);
  }
  const name = nameFromArnOrName(text, ctx.cell, 'dynamodb', 'table');
  const index = name === undefined ? undefined : tableIndex(ctx.universe, ctx.cell, name);
  if (index === undefined) {
    throw new SandboxError('ResourceNotFoundException', `Requested resource not found: ResourceArn: ${text} not found`);
  }
  return { Tags: tagsFor(ctx.universe, ctx.cell, KIND, index) };
}

export const dynamodbService = defineService({
  name: 'dynamodb',
  kinds,
  handlers: {
    ListTables: listTables,
    DescribeTable: describeTable,
    DescribeContinuousBackups: describeContinuousBackups,
    DescribeTableReplicaAutoScaling: describeTableReplicaAutoScaling,
    ListTagsOfResource: listTagsOfResource,
  },
});

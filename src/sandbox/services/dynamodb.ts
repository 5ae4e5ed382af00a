import { tagsFor, createdAt, arnOf, teams } from '../data/common.js';
import { indexedName, trailingIndex, type Cell } from '../data/ids.js';
import { hash32, intBetween, pick, unit, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { indexOfName, nameFromArnOrName, parseArn, requiredString } from './lookup.js';
import { encryptionKeyArn } from './kms/keys.js';
import { SandboxError, checkPageSize, defineService, type Input, type KindCount, type Output, type PageLimits, type RequestContext } from './service.js';

const KIND = 'dynamodb.table';

export const kinds: KindCount[] = [
  { kind: KIND, scope: 'regional', count: (universe, cell) => universe.allocated(cell, KIND) },
];

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
  if (unit(...at('stream')) < 0.35) {
    const label = streamLabel(new Date(created.getTime() + (hash32(...at('stream-at')) % 86_400) * 1000));
    table.StreamSpecification = {
      StreamEnabled: true,
      StreamViewType: pick(['NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'KEYS_ONLY'], ...at('view')),
    };
    table.LatestStreamLabel = label;
    table.LatestStreamArn = `${arn}/stream/${label}`;
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

function describeTable(input: Input, ctx: RequestContext): Output {
  const text = requiredString(input, 'TableName');
  const name = nameFromArnOrName(text, ctx.cell, 'dynamodb', 'table');
  const index = name === undefined ? undefined : tableIndex(ctx.universe, ctx.cell, name);
  if (index === undefined) {
    throw new SandboxError('ResourceNotFoundException', `Requested resource not found: Table: ${name ?? text} not found`);
  }
  return { Table: buildTable(ctx.universe, ctx.cell, index) };
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
    ListTagsOfResource: listTagsOfResource,
  },
});

import type { ZodType } from 'zod';
import { serviceModels } from '../models/index.js';
import { columnsFromShape, itemShape } from './columns.js';
import { cqColumns, type Column, type ColumnType, type Row, type TableSchema } from './schema.js';

/** Where a partition reads: one account, one region (the account's home region for global tables). */
export interface PartitionContext {
  accountId: string;
  region: string;
  /** aws, aws-cn, aws-us-gov: ARNs are built with it. */
  partition: string;
}

/**
 * An SDK client and command pair, opaque to the engine: src/aws sends it. Keeping the classes as
 * values lets a table name its call precisely while the engine never imports the SDK.
 */
export interface CallRef {
  client: abstract new (...args: never[]) => unknown;
  command: abstract new (...args: never[]) => unknown;
}

export type Item = Record<string, unknown>;

/** Outputs of a table's detail calls for one item, by detail name; absent when the resource has none (404). */
export type Details = Record<string, Item | undefined>;

/**
 * A column the model cannot give: computed from the item, its details and where it was read; a
 * child table also gets its parent's row (CloudQuery's ParentColumnResolver: bucket_arn, user_arn).
 */
export interface ComputedColumn {
  type: ColumnType;
  value: (item: Item, ctx: PartitionContext, details: Details, parent?: Row) => unknown;
  description?: string;
}

/** A call made once per listed item (or per batch of them). */
export interface ItemCall {
  call: CallRef;
  operation: string;
  /**
   * The request for one listed value, or for a batch of them when `batch` is set. A child table's
   * `get` also sees its parent item, for describe calls that name the parent (EKS's clusterName).
   */
  input: (listed: unknown, ctx: PartitionContext, parent?: Item) => Item;
  /**
   * Where to send it when not the partition's region (an S3 bucket's own region); it sees the
   * details already fetched, in declaration order, so one detail can locate the others.
   */
  region?: (listed: Item, details: Details) => string | undefined;
  /** Details only: whether the call applies to this item (KMS rotation status exists only for symmetric customer keys). */
  when?: (item: Item, ctx: PartitionContext) => boolean;
}

export interface TableDefinition {
  /** CloudQuery's table name, e.g. aws_ec2_instances. */
  name: string;
  description?: string;
  /** The signing name (ec2, s3, iam, ...): it picks the model, the rate-limit bucket and the IAM prefix. */
  service: string;
  /** Regional tables are read in every enabled region; global ones once per account. */
  scope: 'regional' | 'global';
  list: {
    call: CallRef;
    /** The model operation the command sends (DescribeInstances): paging follows its paginator. */
    operation: string;
    /** Where the items are in each page, e.g. `Reservations[].Instances[]`; also locates their shape. */
    items: string;
    input?: (ctx: PartitionContext) => Item;
    /**
     * A listing that must run first (Organizations' ListRoots before ListChildren): the list call
     * runs once per value it yields, with the input `input` builds from that value.
     */
    seed?: { call: CallRef; operation: string; items: string; input: (value: unknown, ctx: PartitionContext) => Item };
    /**
     * Tree listings (nested OUs): every listed value may name another parent to list under; the
     * engine lists breadth first and never lists the same input twice.
     */
    recurse?: (value: unknown, ctx: PartitionContext) => Item | undefined;
  };
  /**
   * When the list gives only ids (ListTables, ListClusters), the call that describes them; its
   * `items` path gives the rows' items and their shape (`''`: the whole output, as Lambda's
   * GetFunction). With `batch`, up to that many ids per call. `listed` names a member under which
   * the listed value joins each described item, for outputs that do not repeat it (SQS's queue URL).
   */
  get?: ItemCall & { items: string; batch?: number; listed?: string };
  /** Further calls per item (S3's per-bucket Get*); a not-found answer leaves that detail absent. */
  details?: Record<string, ItemCall>;
  /** A child table runs inside its parent's partition, once per parent item. */
  parent?: {
    table: string;
    input: (parent: Item, ctx: PartitionContext) => Item;
    /** Whether the child applies to this parent (KMS lists key rotations only for keys that can rotate). */
    when?: (parent: Item, ctx: PartitionContext) => boolean;
    /** Where the child's calls go when not the partition's region (a bucket's ACL in the bucket's region). */
    region?: (parent: Item, parentRow: Row) => string | undefined;
  };
  /**
   * An incremental table (CloudQuery's aws_cloudtrail_events): a sync reads only what is newer than
   * the cursor the previous one stored. The engine keeps one cursor per (table, account, region,
   * query) in the state backend, stores it only after the rows it covers are written, and never
   * deletes the table's stale rows (older rows are not re-read, so they are not stale).
   */
  incremental?: {
    /** The position an item advances the cursor to; cursors compare as strings (ISO times do). */
    cursor: (item: Item) => string | undefined;
    /** The list input for one query, from its stored cursor (undefined on the first sync). */
    input: (cursor: string | undefined, ctx: PartitionContext, query: Item) => Item;
    /** The queries the table's options ask for (CloudQuery's table_options), each with its own cursor; one empty query when absent. */
    queries?: (options: unknown) => Item[];
  };
  /** The keys the table accepts under CloudQuery's `table_options.<table>`; the config loader checks them. */
  options?: ZodType;
  /** Computed columns (arn first, as CloudQuery puts it), added before the model's members. */
  columns?: Record<string, ComputedColumn>;
  /** Model members to leave out (secrets, or fields CloudQuery drops). */
  skip?: string[];
  /** Column names forming the primary key. */
  primaryKey: string[];
  /**
   * For tables CloudQuery keys by `_cq_id` alone (primaryKey ['_cq_id']): the values that make the
   * row's deterministic _cq_id, since no column of theirs identifies a row (CloudQuery's primary
   * key components; a Lambda concurrency config is told apart only by its item's qualified ARN).
   */
  cqId?: (item: Item, row: Row) => readonly unknown[];
  /** The IAM actions the table needs, for `canopy policy` and the docs. */
  iam: string[];
}

/** Tags arrive as [{ Key, Value }] (ECS: [{ key, value }]); CloudQuery stores them as one JSON object. */
export function tagsObject(tags: unknown): Record<string, string> | null {
  if (!Array.isArray(tags)) return null;
  const out: Record<string, string> = {};
  // ECS spells the members key / value.
  for (const tag of tags as Array<{ Key?: unknown; Value?: unknown; key?: unknown; value?: unknown }>) {
    const key = tag?.Key ?? tag?.key;
    const value = tag?.Value ?? tag?.value;
    if (typeof key === 'string') out[key] = typeof value === 'string' ? value : '';
  }
  return out;
}

export interface Table extends TableDefinition {
  schema: TableSchema;
  /** Model member name -> column name, for the row builder. */
  members: Array<{ member: string; column: string }>;
}

/**
 * Checks a table declaration against its model and builds its schema: the _cq_* columns,
 * account_id, region (regional tables), computed columns, then one column per model member.
 */
export function defineTable(definition: TableDefinition): Table {
  const model = serviceModels[definition.service];
  if (!model) throw new Error(`${definition.name}: no model for service ${definition.service}`);
  const source = definition.get ?? definition.list;
  const shape = itemShape(model, source.operation, source.items);
  const skip = new Set(definition.skip ?? []);
  const computed = Object.entries(definition.columns ?? {}).map(([name, c]): Column => ({ name, type: c.type, description: c.description }));
  const taken = new Set(computed.map((c) => c.name));
  const modelColumns = columnsFromShape(model, shape);
  const memberNames = Object.keys(shape.members ?? {});
  const members = memberNames
    .map((member, i) => ({ member, column: modelColumns[i]?.name ?? '' }))
    .filter(({ member, column }) => !skip.has(member) && !taken.has(column));
  const keep = new Set(members.map((m) => m.column));
  const where: Column[] = [{ name: 'account_id', type: 'string' }];
  if (definition.scope === 'regional') where.push({ name: 'region', type: 'string' });
  const columns = [...cqColumns, ...where, ...computed, ...modelColumns.filter((c) => keep.has(c.name))].map(
    (c): Column => (definition.primaryKey.includes(c.name) ? { ...c, primaryKey: true, notNull: true } : c),
  );
  for (const key of definition.primaryKey) {
    if (!columns.some((c) => c.name === key)) throw new Error(`${definition.name}: primary key column ${key} does not exist`);
  }
  // _cq_id is made from the key, so a table keyed by _cq_id must say what makes it.
  if (definition.primaryKey.includes('_cq_id') !== (definition.cqId !== undefined)) {
    throw new Error(`${definition.name}: a table keyed by _cq_id needs cqId, and only such a table takes it`);
  }
  const names = columns.map((c) => c.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`${definition.name}: column ${duplicate} is defined twice`);
  return { ...definition, schema: { name: definition.name, description: definition.description, columns }, members };
}

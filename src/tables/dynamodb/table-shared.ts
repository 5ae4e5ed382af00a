import type { ComputedColumn, Item } from '../../engine/table.js';

/** A child table's placement under aws_dynamodb_tables: one call per described table, by name. */
export const underTable = { table: 'aws_dynamodb_tables', input: (table: Item) => ({ TableName: table.TableName }) };

/** CloudQuery's table_arn: the parent row's arn. */
export const tableArn: ComputedColumn = { type: 'string', value: (_item, _ctx, _details, table) => table?.arn ?? null };

import type { Table } from '../engine/table.js';
import { cloudtrailTables } from './cloudtrail/index.js';
import { dynamodbTables } from './dynamodb/index.js';
import { ec2Tables } from './ec2/index.js';
import { ecsTables } from './ecs/index.js';
import { eksTables } from './eks/index.js';
import { iamTables } from './iam/index.js';
import { kmsTables } from './kms/index.js';
import { lambdaTables } from './lambda/index.js';
import { organizationsTables } from './organizations/index.js';
import { rdsTables } from './rds/index.js';
import { s3Tables } from './s3/index.js';
import { snsTables } from './sns/index.js';
import { sqsTables } from './sqs/index.js';
import { compareText } from '../engine/compare.js';

/** Every table canopy syncs, sorted by name. */
export const tables: readonly Table[] = [
  ...cloudtrailTables,
  ...dynamodbTables,
  ...ec2Tables,
  ...ecsTables,
  ...eksTables,
  ...iamTables,
  ...kmsTables,
  ...lambdaTables,
  ...organizationsTables,
  ...rdsTables,
  ...s3Tables,
  ...snsTables,
  ...sqsTables,
].sort((a, b) => compareText(a.name, b.name));

export function tableNamed(name: string): Table | undefined {
  return tables.find((t) => t.name === name);
}

/** What the config loader checks against the registry: table names, and each table's table_options keys. */
export function registryChecks(): { knownTables: string[]; tableOptions: Record<string, NonNullable<Table['options']>> } {
  const tableOptions: Record<string, NonNullable<Table['options']>> = {};
  for (const table of tables) if (table.options) tableOptions[table.name] = table.options;
  return { knownTables: tables.map((t) => t.name), tableOptions };
}

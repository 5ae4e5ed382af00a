import type { Table } from '../../engine/table.js';
import { dynamodbTableContinuousBackups } from './table-continuous-backups.js';
import { dynamodbTableReplicaAutoScalings } from './table-replica-auto-scalings.js';
import { dynamodbTablesTable } from './tables.js';

/** The dynamodb tables, one file each beside this one, sorted by name. */
export const dynamodbTables: Table[] = [dynamodbTableContinuousBackups, dynamodbTableReplicaAutoScalings, dynamodbTablesTable];

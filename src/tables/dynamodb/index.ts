import type { Table } from '../../engine/table.js';
import { dynamodbTablesTable } from './tables.js';

/** The dynamodb tables, one file each beside this one. */
export const dynamodbTables: Table[] = [dynamodbTablesTable];

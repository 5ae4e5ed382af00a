import type { Table } from '../../engine/table.js';

/** The dynamodb tables, one file each beside this one. */
export const dynamodbTables: Table[] = [];

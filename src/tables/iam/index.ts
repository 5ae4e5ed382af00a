import type { Table } from '../../engine/table.js';

/** The iam tables, one file each beside this one. */
export const iamTables: Table[] = [];

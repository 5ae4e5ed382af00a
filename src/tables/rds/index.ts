import type { Table } from '../../engine/table.js';

/** The rds tables, one file each beside this one. */
export const rdsTables: Table[] = [];

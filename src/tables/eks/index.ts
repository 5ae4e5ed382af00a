import type { Table } from '../../engine/table.js';

/** The eks tables, one file each beside this one. */
export const eksTables: Table[] = [];

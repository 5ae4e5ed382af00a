import type { Table } from '../../engine/table.js';

/** The sns tables, one file each beside this one. */
export const snsTables: Table[] = [];

import type { Table } from '../../engine/table.js';

/** The sqs tables, one file each beside this one. */
export const sqsTables: Table[] = [];

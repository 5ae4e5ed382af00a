import type { Table } from '../../engine/table.js';

/** The organizations tables, one file each beside this one. */
export const organizationsTables: Table[] = [];

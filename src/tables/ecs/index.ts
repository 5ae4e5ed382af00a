import type { Table } from '../../engine/table.js';

/** The ecs tables, one file each beside this one. */
export const ecsTables: Table[] = [];

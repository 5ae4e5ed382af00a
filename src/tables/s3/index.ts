import type { Table } from '../../engine/table.js';

/** The s3 tables, one file each beside this one. */
export const s3Tables: Table[] = [];

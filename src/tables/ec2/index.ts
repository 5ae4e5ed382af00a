import type { Table } from '../../engine/table.js';

/** The ec2 tables, one file each beside this one. */
export const ec2Tables: Table[] = [];

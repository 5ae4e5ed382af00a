import type { Table } from '../../engine/table.js';
import { eksClusters } from './clusters.js';

/** The eks tables, one file each beside this one. */
export const eksTables: Table[] = [eksClusters];

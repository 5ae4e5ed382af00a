import type { Table } from '../../engine/table.js';
import { ecsClusters } from './clusters.js';

/** The ecs tables, one file each beside this one. */
export const ecsTables: Table[] = [ecsClusters];

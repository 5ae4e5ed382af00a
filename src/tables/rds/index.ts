import type { Table } from '../../engine/table.js';
import { rdsClusterBacktracks } from './cluster-backtracks.js';
import { rdsClusters } from './clusters.js';
import { rdsInstances } from './instances.js';

/** The rds tables, one file each beside this one. */
export const rdsTables: Table[] = [rdsClusters, rdsClusterBacktracks, rdsInstances];

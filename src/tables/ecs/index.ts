import type { Table } from '../../engine/table.js';
import { ecsClusterContainerInstances } from './cluster-container-instances.js';
import { ecsClusterServices } from './cluster-services.js';
import { ecsClusterTasks } from './cluster-tasks.js';
import { ecsClusters } from './clusters.js';

/** The ecs tables, one file each beside this one. */
export const ecsTables: Table[] = [ecsClusters, ecsClusterServices, ecsClusterTasks, ecsClusterContainerInstances];

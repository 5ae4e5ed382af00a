import type { Table } from '../../engine/table.js';
import { eksClusterAddons } from './cluster-addons.js';
import { eksClusterNodeGroups } from './cluster-node-groups.js';
import { eksClusters } from './clusters.js';
import { eksFargateProfiles } from './fargate-profiles.js';

/** The eks tables, one file each beside this one. */
export const eksTables: Table[] = [eksClusters, eksClusterNodeGroups, eksFargateProfiles, eksClusterAddons];

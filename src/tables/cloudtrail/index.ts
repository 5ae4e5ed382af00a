import type { Table } from '../../engine/table.js';
import { cloudtrailTrails } from './trails.js';

/** The cloudtrail tables, one file each beside this one. */
export const cloudtrailTables: Table[] = [cloudtrailTrails];

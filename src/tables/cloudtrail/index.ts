import type { Table } from '../../engine/table.js';
import { cloudtrailEvents } from './events.js';
import { cloudtrailTrailEventSelectors } from './trail-event-selectors.js';
import { cloudtrailTrails } from './trails.js';

/** The cloudtrail tables, one file each beside this one. */
export const cloudtrailTables: Table[] = [cloudtrailEvents, cloudtrailTrails, cloudtrailTrailEventSelectors];

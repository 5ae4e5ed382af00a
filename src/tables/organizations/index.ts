import type { Table } from '../../engine/table.js';
import { organizationsAccounts } from './accounts.js';
import { organizationsOrganizationalUnits } from './organizational-units.js';

/** The organizations tables, one file each beside this one. */
export const organizationsTables: Table[] = [organizationsAccounts, organizationsOrganizationalUnits];

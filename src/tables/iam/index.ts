import type { Table } from '../../engine/table.js';
import { iamGroups } from './groups.js';
import { iamPolicies } from './policies.js';
import { iamRoles } from './roles.js';
import { iamUserAccessKeys } from './user-access-keys.js';
import { iamUsers } from './users.js';

/** The iam tables, one file each beside this one. */
export const iamTables: Table[] = [iamUsers, iamUserAccessKeys, iamRoles, iamGroups, iamPolicies];

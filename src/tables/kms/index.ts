import type { Table } from '../../engine/table.js';
import { kmsKeyGrants } from './key-grants.js';
import { kmsKeyPolicies } from './key-policies.js';
import { kmsKeyRotations } from './key-rotations.js';
import { kmsKeys } from './keys.js';

/** The kms tables, one file each beside this one. */
export const kmsTables: Table[] = [kmsKeys, kmsKeyGrants, kmsKeyPolicies, kmsKeyRotations];

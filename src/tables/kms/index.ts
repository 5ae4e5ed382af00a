import type { Table } from '../../engine/table.js';
import { kmsKeys } from './keys.js';

/** The kms tables, one file each beside this one. */
export const kmsTables: Table[] = [kmsKeys];

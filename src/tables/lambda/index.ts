import type { Table } from '../../engine/table.js';
import { lambdaFunctions } from './functions.js';

/** The lambda tables, one file each beside this one. */
export const lambdaTables: Table[] = [lambdaFunctions];

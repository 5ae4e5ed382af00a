import type { Table } from '../../engine/table.js';
import { lambdaFunctionAliases } from './function-aliases.js';
import { lambdaFunctionConcurrencyConfigs } from './function-concurrency-configs.js';
import { lambdaFunctionEventInvokeConfigs } from './function-event-invoke-configs.js';
import { lambdaFunctionEventSourceMappings } from './function-event-source-mappings.js';
import { lambdaFunctionVersions } from './function-versions.js';
import { lambdaFunctions } from './functions.js';

/** The lambda tables, one file each beside this one, sorted by name. */
export const lambdaTables: Table[] = [
  lambdaFunctionAliases,
  lambdaFunctionConcurrencyConfigs,
  lambdaFunctionEventInvokeConfigs,
  lambdaFunctionEventSourceMappings,
  lambdaFunctionVersions,
  lambdaFunctions,
];

import type { ComputedColumn, Item } from '../../engine/table.js';

/** GetFunction's output is the parent item; its configuration names the function. */
export function configuration(fn: Item): Item {
  return (fn.Configuration as Item | undefined) ?? {};
}

/**
 * A child table's placement under aws_lambda_functions: one call per function, naming it as
 * CloudQuery does for that table (by ARN for aliases and versions, by name for the rest).
 */
export function underFunction(by: 'FunctionName' | 'FunctionArn') {
  return { table: 'aws_lambda_functions', input: (fn: Item) => ({ FunctionName: configuration(fn)[by] }) };
}

/** CloudQuery's function_arn: the parent row's arn (it replaces the item's own, possibly qualified, FunctionArn). */
export const functionArn: ComputedColumn = { type: 'string', value: (_item, _ctx, _details, fn) => fn?.arn ?? null };

/** A detail call's output without the SDK's response metadata, as CloudQuery stores SDK outputs. */
export function outputOf(output: Item | undefined): Item | null {
  if (!output) return null;
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { paginate, type Input, type Output, type RequestContext } from './service.js';

/**
 * One page of an ECS or EKS list operation: maxResults 1..100 (above or below, and a token that is
 * not theirs, are InvalidParameterException), `defaultPageSize` when maxResults is absent (100 for
 * most, 10 for ECS ListServices). `filter` keeps only matching items (ListTasks' filters).
 */
export function listPage(
  input: Input,
  ctx: RequestContext,
  total: number,
  itemAt: (index: number) => unknown,
  options: { defaultPageSize?: number; filter?: (item: unknown) => boolean } = {},
): Output {
  return paginate(input, ctx, total, itemAt, {
    defaultPageSize: options.defaultPageSize ?? 100,
    maxPageSize: 100,
    limits: { min: 1, max: 100, code: 'InvalidParameterException' },
    invalidTokenCode: 'InvalidParameterException',
    filter: options.filter,
  });
}

/**
 * ListClusters as ECS and EKS both answer it: up to 100 clusters a page (the default too).
 * `itemAt` gives what the service lists: ECS cluster ARNs, EKS cluster names.
 */
export function listClusters(
  input: Input,
  ctx: RequestContext,
  count: (universe: Universe, cell: Cell) => number,
  itemAt: (universe: Universe, cell: Cell, index: number) => string,
): Output {
  return listPage(input, ctx, count(ctx.universe, ctx.cell), (i) => itemAt(ctx.universe, ctx.cell, i));
}

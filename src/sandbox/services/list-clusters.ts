import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { paginate, type Input, type Output, type RequestContext } from './service.js';

/**
 * ListClusters as ECS and EKS both answer it: up to 100 clusters a page (the default too),
 * maxResults outside 1..100 and a token that is not theirs are InvalidParameterException.
 * `itemAt` gives what the service lists: ECS cluster ARNs, EKS cluster names.
 */
export function listClusters(
  input: Input,
  ctx: RequestContext,
  count: (universe: Universe, cell: Cell) => number,
  itemAt: (universe: Universe, cell: Cell, index: number) => string,
): Output {
  return paginate(input, ctx, count(ctx.universe, ctx.cell), (i) => itemAt(ctx.universe, ctx.cell, i), {
    defaultPageSize: 100,
    maxPageSize: 100,
    limits: { min: 1, max: 100, code: 'InvalidParameterException' },
    invalidTokenCode: 'InvalidParameterException',
  });
}

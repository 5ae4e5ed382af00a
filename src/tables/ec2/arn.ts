import type { PartitionContext } from '../../engine/table.js';

/**
 * An EC2 ARN as CloudQuery builds it: the partition's region, and the reading account unless the
 * table names the owner (images are keyed by their owner's account).
 */
export function ec2Arn(ctx: PartitionContext, resource: string, id: unknown, accountId: string = ctx.accountId): string {
  return `arn:${ctx.partition}:ec2:${ctx.region}:${accountId}:${resource}/${String(id)}`;
}

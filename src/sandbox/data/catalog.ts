/**
 * The resource mix: how `--scale` is shared among the generated kinds. Each weighted kind gets
 * scale × weight / Σweights items, spread evenly over the cells it lives in (active account × enabled
 * region, or active account for global kinds). Services add what scale does not cover (a default
 * VPC per region, an instance's root volume, an IAM user's access keys) in their own count rules.
 */
interface WeightedKind {
  kind: string;
  scope: 'regional' | 'global';
  weight: number;
}

export const weightedKinds: readonly WeightedKind[] = [
  { kind: 'ec2.instance', scope: 'regional', weight: 20 },
  { kind: 'ec2.vpc', scope: 'regional', weight: 2 },
  { kind: 'ec2.subnet', scope: 'regional', weight: 6 },
  { kind: 'ec2.security_group', scope: 'regional', weight: 8 },
  { kind: 'ec2.volume', scope: 'regional', weight: 6 },
  { kind: 'ec2.network_interface', scope: 'regional', weight: 4 },
  { kind: 'ec2.internet_gateway', scope: 'regional', weight: 1 },
  { kind: 'ec2.nat_gateway', scope: 'regional', weight: 1 },
  { kind: 'ec2.route_table', scope: 'regional', weight: 3 },
  { kind: 'ec2.eip', scope: 'regional', weight: 2 },
  { kind: 'ec2.image', scope: 'regional', weight: 2 },
  { kind: 's3.bucket', scope: 'regional', weight: 5 },
  { kind: 'iam.user', scope: 'global', weight: 3 },
  { kind: 'iam.role', scope: 'global', weight: 5 },
  { kind: 'iam.group', scope: 'global', weight: 1 },
  { kind: 'iam.policy', scope: 'global', weight: 3 },
  { kind: 'lambda.function', scope: 'regional', weight: 6 },
  { kind: 'rds.db_instance', scope: 'regional', weight: 2 },
  { kind: 'rds.db_cluster', scope: 'regional', weight: 1 },
  { kind: 'dynamodb.table', scope: 'regional', weight: 3 },
  { kind: 'sqs.queue', scope: 'regional', weight: 4 },
  { kind: 'sns.topic', scope: 'regional', weight: 3 },
  { kind: 'kms.key', scope: 'regional', weight: 3 },
  { kind: 'ecs.cluster', scope: 'regional', weight: 1 },
  { kind: 'eks.cluster', scope: 'regional', weight: 1 },
  { kind: 'cloudtrail.trail', scope: 'regional', weight: 1 },
];

/** scale split over the kinds by weight, with largest remainders so the parts sum to scale. */
export function splitScale(scale: number): Map<string, number> {
  const total = weightedKinds.reduce((sum, k) => sum + k.weight, 0);
  const shares = weightedKinds.map((k) => {
    const exact = (scale * k.weight) / total;
    return { kind: k.kind, base: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = scale - shares.reduce((sum, s) => sum + s.base, 0);
  const byRest = [...shares].sort((a, b) => b.rest - a.rest || (a.kind < b.kind ? -1 : 1));
  for (const share of byRest) {
    if (left <= 0) break;
    share.base += 1;
    left -= 1;
  }
  return new Map(shares.map((s) => [s.kind, s.base]));
}

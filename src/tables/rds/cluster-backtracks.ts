import { DescribeDBClusterBacktracksCommand, RDSClient } from '@aws-sdk/client-rds';
import { defineTable } from '../../engine/table.js';

/**
 * aws_rds_cluster_backtracks: DescribeDBClusterBacktracks per cluster. Asked only of clusters with
 * a backtrack window, as CloudQuery does since RDS refuses the others (InvalidParameterCombination).
 */
export const rdsClusterBacktracks = defineTable({
  name: 'aws_rds_cluster_backtracks',
  description: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterBacktracks.html',
  service: 'rds',
  scope: 'regional',
  list: { call: { client: RDSClient, command: DescribeDBClusterBacktracksCommand }, operation: 'DescribeDBClusterBacktracks', items: 'DBClusterBacktracks[]' },
  parent: {
    table: 'aws_rds_clusters',
    input: (cluster) => ({ DBClusterIdentifier: cluster.DBClusterIdentifier }),
    when: (cluster) => typeof cluster.BacktrackWindow === 'number' && cluster.BacktrackWindow > 0,
  },
  columns: { db_cluster_arn: { type: 'string', value: (_b, _c, _d, cluster) => cluster?.arn ?? null } },
  primaryKey: ['db_cluster_arn', 'backtrack_identifier'],
  iam: ['rds:DescribeDBClusterBacktracks'],
});

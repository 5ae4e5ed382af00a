import { DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2RouteTables = defineTable({
  name: 'aws_ec2_route_tables',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RouteTable.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeRouteTablesCommand }, operation: 'DescribeRouteTables', items: 'RouteTables[]' },
  columns: {
    arn: { type: 'string', value: (t, c) => ec2Arn(c, 'route-table', t.RouteTableId) },
    tags: { type: 'json', value: (t) => tagsObject(t.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeRouteTables'],
});

import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2Vpcs = defineTable({
  name: 'aws_ec2_vpcs',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Vpc.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeVpcsCommand }, operation: 'DescribeVpcs', items: 'Vpcs[]' },
  columns: {
    arn: { type: 'string', value: (v, c) => ec2Arn(c, 'vpc', v.VpcId) },
    tags: { type: 'json', value: (v) => tagsObject(v.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeVpcs'],
});

import { DescribeInternetGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2InternetGateways = defineTable({
  name: 'aws_ec2_internet_gateways',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InternetGateway.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeInternetGatewaysCommand }, operation: 'DescribeInternetGateways', items: 'InternetGateways[]' },
  columns: {
    arn: { type: 'string', value: (g, c) => ec2Arn(c, 'internet-gateway', g.InternetGatewayId) },
    tags: { type: 'json', value: (g) => tagsObject(g.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeInternetGateways'],
});

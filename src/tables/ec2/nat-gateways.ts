import { DescribeNatGatewaysCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2NatGateways = defineTable({
  name: 'aws_ec2_nat_gateways',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeNatGatewaysCommand }, operation: 'DescribeNatGateways', items: 'NatGateways[]' },
  columns: {
    // NAT gateway ARNs spell the resource type without a hyphen.
    arn: { type: 'string', value: (g, c) => ec2Arn(c, 'natgateway', g.NatGatewayId) },
    tags: { type: 'json', value: (g) => tagsObject(g.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeNatGateways'],
});

import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2SecurityGroups = defineTable({
  name: 'aws_ec2_security_groups',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroup.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeSecurityGroupsCommand }, operation: 'DescribeSecurityGroups', items: 'SecurityGroups[]' },
  columns: {
    arn: { type: 'string', value: (g, c) => ec2Arn(c, 'security-group', g.GroupId) },
    tags: { type: 'json', value: (g) => tagsObject(g.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeSecurityGroups'],
});

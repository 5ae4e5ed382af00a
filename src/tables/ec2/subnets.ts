import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';

/**
 * A subnet shared through RAM is listed by every account it is shared with, under the owner's
 * SubnetArn; CloudQuery therefore keys subnets by where they were read (request_account_id,
 * request_region) as well as by ARN.
 */
export const ec2Subnets = defineTable({
  name: 'aws_ec2_subnets',
  description: `https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Subnet.html
The 'request_account_id' and 'request_region' columns are added to show from where the request was made.`,
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeSubnetsCommand }, operation: 'DescribeSubnets', items: 'Subnets[]' },
  columns: {
    request_account_id: { type: 'string', value: (_s, c) => c.accountId },
    request_region: { type: 'string', value: (_s, c) => c.region },
    arn: { type: 'string', value: (s) => s.SubnetArn },
    tags: { type: 'json', value: (s) => tagsObject(s.Tags) },
  },
  primaryKey: ['request_account_id', 'request_region', 'arn'],
  iam: ['ec2:DescribeSubnets'],
});

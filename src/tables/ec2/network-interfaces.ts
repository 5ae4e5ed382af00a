import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2NetworkInterfaces = defineTable({
  name: 'aws_ec2_network_interfaces',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeNetworkInterfacesCommand }, operation: 'DescribeNetworkInterfaces', items: 'NetworkInterfaces[]' },
  columns: {
    arn: { type: 'string', value: (n, c) => ec2Arn(c, 'network-interface', n.NetworkInterfaceId) },
    // Interfaces carry their tags as TagSet; CloudQuery folds it into `tags` and drops tag_set.
    tags: { type: 'json', value: (n) => tagsObject(n.TagSet) },
  },
  skip: ['TagSet'],
  primaryKey: ['arn'],
  iam: ['ec2:DescribeNetworkInterfaces'],
});

import { DescribeAddressesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';

/** Elastic IPs have no ARN; CloudQuery keys them by where they live and their allocation id. */
export const ec2Eips = defineTable({
  name: 'aws_ec2_eips',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Address.html',
  service: 'ec2',
  scope: 'regional',
  list: {
    call: { client: EC2Client, command: DescribeAddressesCommand },
    operation: 'DescribeAddresses',
    items: 'Addresses[]',
    // Only VPC addresses have allocation ids; CloudQuery leaves EC2-Classic ones out.
    input: () => ({ Filters: [{ Name: 'domain', Values: ['vpc'] }] }),
  },
  columns: {
    tags: { type: 'json', value: (a) => tagsObject(a.Tags) },
  },
  primaryKey: ['account_id', 'region', 'allocation_id'],
  iam: ['ec2:DescribeAddresses'],
});

import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable } from '../../engine/table.js';

/** opt-in-not-required and opted-in regions are usable; not-opted-in ones are not; anything else is unknown. */
export function regionEnabled(status: unknown): boolean | null {
  if (status === 'opt-in-not-required' || status === 'opted-in') return true;
  if (status === 'not-opted-in') return false;
  return null;
}

/**
 * Every region of the partition, per account, with whether the account can use it. Read once per
 * account (AllRegions also lists the ones not opted in to), so `region` is the listed region, not
 * where the call went.
 */
export const awsRegions = defineTable({
  name: 'aws_regions',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Region.html',
  service: 'ec2',
  scope: 'global',
  list: { call: { client: EC2Client, command: DescribeRegionsCommand }, operation: 'DescribeRegions', items: 'Regions[]', input: () => ({ AllRegions: true }) },
  columns: {
    enabled: { type: 'bool', value: (r) => regionEnabled(r.OptInStatus) },
    partition: { type: 'string', value: (_r, c) => c.partition },
    region: { type: 'string', value: (r) => r.RegionName },
  },
  primaryKey: ['account_id', 'region'],
  iam: ['ec2:DescribeRegions'],
});

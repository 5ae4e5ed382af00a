import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

export const ec2EbsVolumes = defineTable({
  name: 'aws_ec2_ebs_volumes',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Volume.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeVolumesCommand }, operation: 'DescribeVolumes', items: 'Volumes[]' },
  columns: {
    arn: { type: 'string', value: (v, c) => ec2Arn(c, 'volume', v.VolumeId) },
    tags: { type: 'json', value: (v) => tagsObject(v.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeVolumes'],
});

import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

/**
 * The account's own AMIs (Owners=self). CloudQuery also reads images shared with the account
 * (ExecutableUsers=self, other owners only); a table has one list call, so that
 * second listing is left out here.
 */
export const ec2Images = defineTable({
  name: 'aws_ec2_images',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Image.html',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeImagesCommand }, operation: 'DescribeImages', items: 'Images[]', input: () => ({ Owners: ['self'] }) },
  columns: {
    // The owner's account, not the reader's: a shared image keeps its owner's ARN.
    arn: { type: 'string', value: (i, c) => ec2Arn(c, 'image', i.ImageId, typeof i.OwnerId === 'string' ? i.OwnerId : c.accountId) },
    tags: { type: 'json', value: (i) => tagsObject(i.Tags) },
  },
  primaryKey: ['account_id', 'region', 'arn'],
  iam: ['ec2:DescribeImages'],
});

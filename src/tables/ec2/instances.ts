import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { defineTable, tagsObject } from '../../engine/table.js';
import { ec2Arn } from './arn.js';

/**
 * The time inside a StateTransitionReason such as "User initiated (2023-01-10 12:00:00 GMT)",
 * as CloudQuery's state_transition_reason_time; null when the reason carries none.
 */
export function stateTransitionReasonTime(reason: unknown): Date | null {
  if (typeof reason !== 'string') return null;
  const match = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (GMT|UTC)\)/.exec(reason);
  if (!match) return null;
  const time = new Date(`${match[1] ?? ''}T${match[2] ?? ''}Z`);
  return Number.isNaN(time.getTime()) ? null : time;
}

export const ec2Instances = defineTable({
  name: 'aws_ec2_instances',
  description: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html',
  service: 'ec2',
  scope: 'regional',
  // CloudQuery asks for 1,000, the most DescribeInstances allows: ~5 MB of XML per page, ~30 MiB of
  // heap while it is parsed. 200 keeps a page near 1 MB, as other EC2 lists' pages are, for one
  // more call per 200 instances (docs/BENCHMARKS.md, section 3).
  list: { call: { client: EC2Client, command: DescribeInstancesCommand }, operation: 'DescribeInstances', items: 'Reservations[].Instances[]', input: () => ({ MaxResults: 200 }) },
  columns: {
    arn: { type: 'string', value: (i, c) => ec2Arn(c, 'instance', i.InstanceId) },
    state_transition_reason_time: { type: 'timestamp', value: (i) => stateTransitionReasonTime(i.StateTransitionReason) },
    tags: { type: 'json', value: (i) => tagsObject(i.Tags) },
  },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeInstances'],
});

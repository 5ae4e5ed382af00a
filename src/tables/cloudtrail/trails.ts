import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { defineTable, tagsObject, type Item } from '../../engine/table.js';

/** The log group's name inside a CloudWatch Logs ARN (arn:aws:logs:region:account:log-group:NAME:*), or '' as CloudQuery leaves it. */
export function logGroupName(arn: unknown): string {
  if (typeof arn !== 'string') return '';
  return /^arn:[a-zA-Z0-9-]+:logs:[a-z0-9-]+:\d+:log-group:([a-zA-Z0-9-/]+):/.exec(arn)?.[1] ?? '';
}

function accountOf(arn: unknown): string | undefined {
  return typeof arn === 'string' ? arn.split(':')[4] : undefined;
}

/** The tags of one trail from a ListTags answer, {} when it has none (CloudQuery starts from an empty map). */
function trailTags(trail: Item, answer: Item | undefined): Record<string, string> {
  const list = Array.isArray(answer?.ResourceTagList) ? (answer.ResourceTagList as Item[]) : [];
  return tagsObject(list.find((r) => r.ResourceId === trail.TrailARN)?.TagsList) ?? {};
}

/**
 * DescribeTrails also lists, in every region, the shadows of other regions' multi-region trails.
 * Each trail is read once, in its home region (includeShadowTrails false), so a trail is one row;
 * its status and tags are asked of that region, as CloudQuery asks them of the trail's HomeRegion.
 */
export const cloudtrailTrails = defineTable({
  name: 'aws_cloudtrail_trails',
  description: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html',
  service: 'cloudtrail',
  scope: 'regional',
  list: { call: { client: CloudTrailClient, command: DescribeTrailsCommand }, operation: 'DescribeTrails', items: 'trailList[]', input: () => ({ includeShadowTrails: false }) },
  details: {
    status: {
      call: { client: CloudTrailClient, command: GetTrailStatusCommand },
      operation: 'GetTrailStatus',
      input: (t) => ({ Name: (t as Item).TrailARN }),
      region: (t) => t.HomeRegion as string | undefined,
    },
    tags: {
      call: { client: CloudTrailClient, command: ListTagsCommand },
      operation: 'ListTags',
      input: (t) => ({ ResourceIdList: [(t as Item).TrailARN] }),
      region: (t) => t.HomeRegion as string | undefined,
      // An organization trail of the management account cannot be tagged from a member account.
      when: (t, ctx) => !(t.IsOrganizationTrail === true && accountOf(t.TrailARN) !== ctx.accountId),
    },
  },
  columns: {
    cloudwatch_logs_log_group_name: { type: 'string', value: (t) => logGroupName(t.CloudWatchLogsLogGroupArn) },
    arn: { type: 'string', value: (t) => t.TrailARN },
    status: {
      type: 'json',
      value: (_t, _c, d) => {
        if (!d.status) return null;
        const { $metadata: _metadata, ...status } = d.status;
        return status;
      },
    },
    tags: { type: 'json', value: (t, _c, d) => trailTags(t, d.tags) },
  },
  // CloudQuery has the ARN only as `arn`.
  skip: ['TrailARN'],
  primaryKey: ['account_id', 'region', 'arn'],
  iam: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:ListTags'],
});

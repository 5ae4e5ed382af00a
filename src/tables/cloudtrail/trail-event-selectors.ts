import { CloudTrailClient, GetEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { defineTable } from '../../engine/table.js';

/**
 * aws_cloudtrail_trail_event_selectors: GetEventSelectors per trail, asked of the trail's home
 * region, one row per trail with its basic and advanced selectors as JSON. This is CloudQuery's
 * current shape (_cq_id from trail_arn); its earlier plugin had one row per basic selector, keyed
 * by a random _cq_id, and left advanced selectors out.
 */
export const cloudtrailTrailEventSelectors = defineTable({
  name: 'aws_cloudtrail_trail_event_selectors',
  description: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html',
  service: 'cloudtrail',
  scope: 'regional',
  list: { call: { client: CloudTrailClient, command: GetEventSelectorsCommand }, operation: 'GetEventSelectors', items: '' },
  parent: {
    table: 'aws_cloudtrail_trails',
    input: (trail) => ({ TrailName: trail.TrailARN }),
    region: (trail) => (typeof trail.HomeRegion === 'string' ? trail.HomeRegion : undefined),
  },
  // The parent's arn, the same ARN GetEventSelectors echoes as TrailARN.
  columns: { trail_arn: { type: 'string', value: (_s, _c, _d, trail) => trail?.arn ?? null } },
  primaryKey: ['trail_arn'],
  iam: ['cloudtrail:GetEventSelectors'],
});

import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { z } from 'zod';
import { defineTable, type Item } from '../../engine/table.js';

/**
 * CloudQuery's `table_options.aws_cloudtrail_events.lookup_events`: each entry is one LookupEvents
 * query with its own cursor. Keys are CloudQuery's snake_case spelling of the API's members.
 */
export const lookupEventsOptions = z.strictObject({
  lookup_events: z
    .array(
      z.strictObject({
        start_time: z.coerce.date().optional(),
        end_time: z.coerce.date().optional(),
        event_category: z.enum(['insight']).optional(),
        lookup_attributes: z
          .array(
            z.strictObject({
              attribute_key: z.enum(['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']),
              attribute_value: z.string().min(1),
            }),
          )
          .max(1, { error: 'LookupEvents takes at most one lookup attribute' })
          .optional(),
        max_results: z.int().min(1).max(50).optional(),
      }),
    )
    .min(1),
});

/** The LookupEvents input of each configured query; one unfiltered query when none is configured. */
export function lookupQueries(options: unknown): Item[] {
  if (options === undefined) return [{}];
  return lookupEventsOptions.parse(options).lookup_events.map((q) => ({
    ...(q.start_time ? { StartTime: q.start_time.toISOString() } : {}),
    ...(q.end_time ? { EndTime: q.end_time.toISOString() } : {}),
    ...(q.event_category ? { EventCategory: q.event_category } : {}),
    ...(q.lookup_attributes ? { LookupAttributes: q.lookup_attributes.map((a) => ({ AttributeKey: a.attribute_key, AttributeValue: a.attribute_value })) } : {}),
    ...(q.max_results ? { MaxResults: q.max_results } : {}),
  }));
}

/** A query's input from its cursor: the later of the configured start and the last event already read. */
function lookupInput(cursor: string | undefined, query: Item): Item {
  const configured = typeof query.StartTime === 'string' ? query.StartTime : undefined;
  const start = cursor && (!configured || cursor > configured) ? cursor : configured;
  const input: Item = { ...query };
  delete input.StartTime;
  if (typeof query.EndTime === 'string') input.EndTime = new Date(query.EndTime);
  if (start) input.StartTime = new Date(start);
  return input;
}

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * aws_cloudtrail_events: the management events of the last 90 days (LookupEvents), incremental as
 * in CloudQuery: with `backend_options`, each sync asks only for events from the newest EventTime
 * already read (StartTime is inclusive, so that second's events are read again and upserted).
 * CloudQuery stores the event record parsed as `cloudtrail_event`; its primary key is not
 * documented in the reference, so the event id (unique per event) keys the row.
 */
export const cloudtrailEvents = defineTable({
  name: 'aws_cloudtrail_events',
  description: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html',
  service: 'cloudtrail',
  scope: 'regional',
  list: { call: { client: CloudTrailClient, command: LookupEventsCommand }, operation: 'LookupEvents', items: 'Events[]' },
  options: lookupEventsOptions,
  incremental: {
    cursor: (event) => (event.EventTime instanceof Date ? event.EventTime.toISOString() : undefined),
    input: (cursor, _ctx, query) => lookupInput(cursor, query),
    queries: lookupQueries,
  },
  columns: {
    cloudtrail_event: { type: 'json', value: (event) => parsed(event.CloudTrailEvent), description: 'The event record, parsed from its JSON text' },
  },
  skip: ['CloudTrailEvent'],
  primaryKey: ['event_id'],
  iam: ['cloudtrail:LookupEvents'],
});

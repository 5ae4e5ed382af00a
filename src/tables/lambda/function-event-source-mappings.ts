import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { defineTable } from '../../engine/table.js';
import { functionArn, underFunction } from './function-shared.js';

/**
 * aws_lambda_function_event_source_mappings: ListEventSourceMappings filtered by each function,
 * keyed by (uuid, event_source_arn, function_arn) as CloudQuery's docs say; uuid is a uuid column there.
 */
export const lambdaFunctionEventSourceMappings = defineTable({
  name: 'aws_lambda_function_event_source_mappings',
  description: 'https://docs.aws.amazon.com/lambda/latest/dg/API_EventSourceMappingConfiguration.html',
  service: 'lambda',
  scope: 'regional',
  list: { call: { client: LambdaClient, command: ListEventSourceMappingsCommand }, operation: 'ListEventSourceMappings', items: 'EventSourceMappings[]' },
  parent: underFunction('FunctionName'),
  columns: {
    function_arn: functionArn,
    uuid: { type: 'uuid', value: (mapping) => mapping.UUID },
  },
  primaryKey: ['uuid', 'event_source_arn', 'function_arn'],
  iam: ['lambda:ListEventSourceMappings'],
});

import { LambdaClient, ListFunctionEventInvokeConfigsCommand } from '@aws-sdk/client-lambda';
import { defineTable } from '../../engine/table.js';
import { functionArn, underFunction } from './function-shared.js';

/**
 * aws_lambda_function_event_invoke_configs: ListFunctionEventInvokeConfigs per function (one per
 * qualifier: $LATEST, versions, aliases). Keyed by _cq_id as in CloudQuery's docs; the item's
 * qualified FunctionArn, which function_arn replaces, makes the deterministic _cq_id.
 */
export const lambdaFunctionEventInvokeConfigs = defineTable({
  name: 'aws_lambda_function_event_invoke_configs',
  description: 'https://docs.aws.amazon.com/lambda/latest/dg/API_FunctionEventInvokeConfig.html',
  service: 'lambda',
  scope: 'regional',
  list: {
    call: { client: LambdaClient, command: ListFunctionEventInvokeConfigsCommand },
    operation: 'ListFunctionEventInvokeConfigs',
    items: 'FunctionEventInvokeConfigs[]',
  },
  parent: underFunction('FunctionName'),
  columns: { function_arn: functionArn },
  primaryKey: ['_cq_id'],
  cqId: (config, row) => [row.function_arn, config.FunctionArn],
  iam: ['lambda:ListFunctionEventInvokeConfigs'],
});

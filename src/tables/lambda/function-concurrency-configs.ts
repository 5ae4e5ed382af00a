import { LambdaClient, ListProvisionedConcurrencyConfigsCommand } from '@aws-sdk/client-lambda';
import { defineTable } from '../../engine/table.js';
import { functionArn, underFunction } from './function-shared.js';

/**
 * aws_lambda_function_concurrency_configs: ListProvisionedConcurrencyConfigs per function. CloudQuery
 * keys it by _cq_id and its function_arn replaces the config's alias-qualified FunctionArn, so the
 * deterministic _cq_id is made from both ARNs (two aliases of one function each hold a config).
 */
export const lambdaFunctionConcurrencyConfigs = defineTable({
  name: 'aws_lambda_function_concurrency_configs',
  description: 'https://docs.aws.amazon.com/lambda/latest/dg/API_ProvisionedConcurrencyConfigListItem.html',
  service: 'lambda',
  scope: 'regional',
  list: {
    call: { client: LambdaClient, command: ListProvisionedConcurrencyConfigsCommand },
    operation: 'ListProvisionedConcurrencyConfigs',
    items: 'ProvisionedConcurrencyConfigs[]',
  },
  parent: underFunction('FunctionName'),
  columns: { function_arn: functionArn },
  primaryKey: ['_cq_id'],
  cqId: (config, row) => [row.function_arn, config.FunctionArn],
  iam: ['lambda:ListProvisionedConcurrencyConfigs'],
});

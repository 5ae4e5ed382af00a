import { LambdaClient, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { defineTable } from '../../engine/table.js';
import { functionArn, underFunction } from './function-shared.js';

/**
 * aws_lambda_function_versions: ListVersionsByFunction per function, $LATEST included, keyed by
 * (function_arn, version) as CloudQuery's docs say; function_arn is the unqualified parent ARN.
 */
export const lambdaFunctionVersions = defineTable({
  name: 'aws_lambda_function_versions',
  description: 'https://docs.aws.amazon.com/lambda/latest/dg/API_FunctionConfiguration.html',
  service: 'lambda',
  scope: 'regional',
  list: { call: { client: LambdaClient, command: ListVersionsByFunctionCommand }, operation: 'ListVersionsByFunction', items: 'Versions[]' },
  parent: underFunction('FunctionArn'),
  columns: { function_arn: functionArn },
  primaryKey: ['function_arn', 'version'],
  iam: ['lambda:ListVersionsByFunction'],
});

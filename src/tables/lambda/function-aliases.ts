import { GetFunctionUrlConfigCommand, LambdaClient, ListAliasesCommand } from '@aws-sdk/client-lambda';
import { defineTable, type Item } from '../../engine/table.js';
import { functionArn, outputOf, underFunction } from './function-shared.js';

/** The unqualified function ARN of an alias (`...:function:name:alias` without `:alias`). */
function functionOfAlias(alias: Item): unknown {
  const arn = String(alias.AliasArn ?? '');
  const suffix = `:${String(alias.Name ?? '')}`;
  return arn.endsWith(suffix) ? arn.slice(0, -suffix.length) : arn;
}

/**
 * aws_lambda_function_aliases: ListAliases per function, keyed by the alias ARN (`arn`, kept as
 * `alias_arn` too), with the alias's function URL from GetFunctionUrlConfig in url_config (null
 * when the alias has none), as CloudQuery's AliasWrapper; all columns are in its docs.
 */
export const lambdaFunctionAliases = defineTable({
  name: 'aws_lambda_function_aliases',
  description: 'https://docs.aws.amazon.com/lambda/latest/dg/API_AliasConfiguration.html',
  service: 'lambda',
  scope: 'regional',
  list: { call: { client: LambdaClient, command: ListAliasesCommand }, operation: 'ListAliases', items: 'Aliases[]' },
  parent: underFunction('FunctionArn'),
  details: {
    url: {
      call: { client: LambdaClient, command: GetFunctionUrlConfigCommand },
      operation: 'GetFunctionUrlConfig',
      input: (alias) => ({ FunctionName: functionOfAlias(alias as Item), Qualifier: (alias as Item).Name }),
    },
  },
  columns: {
    function_arn: functionArn,
    arn: { type: 'string', value: (alias) => alias.AliasArn },
    url_config: { type: 'json', value: (_alias, _ctx, details) => outputOf(details.url) },
  },
  primaryKey: ['arn'],
  iam: ['lambda:ListAliases', 'lambda:GetFunctionUrlConfig'],
});

import { GetFunctionCommand, GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { defineTable, type Item } from '../../engine/table.js';

function configuration(fn: Item): Item {
  return (fn.Configuration as Item | undefined) ?? {};
}

/** A policy document arrives as a JSON string; CloudQuery stores it parsed. */
function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Columns CloudQuery fills from calls canopy's models do not carry yet; kept so CloudQuery SQL still runs. */
const notRead = (call: string) => ({ type: 'json' as const, value: () => null, description: `not read yet (needs ${call})` });

/**
 * CloudQuery's aws_lambda_functions: ListFunctions, then GetFunction per function (its whole output
 * is the row: configuration, code, tags, concurrency) and GetPolicy for the resource policy.
 */
export const lambdaFunctions = defineTable({
  name: 'aws_lambda_functions',
  description: 'https://docs.aws.amazon.com/lambda/latest/dg/API_GetFunction.html',
  service: 'lambda',
  scope: 'regional',
  list: { call: { client: LambdaClient, command: ListFunctionsCommand }, operation: 'ListFunctions', items: 'Functions[]' },
  get: {
    call: { client: LambdaClient, command: GetFunctionCommand },
    operation: 'GetFunction',
    items: '',
    input: (fn) => ({ FunctionName: (fn as Item).FunctionName }),
  },
  details: {
    // A function without a resource policy answers ResourceNotFoundException: the columns stay null.
    policy: { call: { client: LambdaClient, command: GetPolicyCommand }, operation: 'GetPolicy', input: (fn) => ({ FunctionName: configuration(fn as Item).FunctionName }) },
  },
  columns: {
    arn: { type: 'string', value: (fn) => configuration(fn).FunctionArn },
    policy_revision_id: { type: 'string', value: (_fn, _c, d) => d.policy?.RevisionId },
    policy_document: { type: 'json', value: (_fn, _c, d) => parsed(d.policy?.Policy) },
    code_signing_config: notRead('GetFunctionCodeSigningConfig and GetCodeSigningConfig'),
    code_repository_type: { type: 'string', value: (fn) => (fn.Code as Item | undefined)?.RepositoryType },
    update_runtime_on: { ...notRead('GetRuntimeManagementConfig'), type: 'string' },
    runtime_version_arn: { ...notRead('GetRuntimeManagementConfig'), type: 'string' },
    // The code's pre-signed download URL is a credential for a few minutes: CloudQuery redacts it too.
    code: {
      type: 'json',
      value: (fn) => {
        const code = fn.Code as Item | undefined;
        return code ? { ...code, ...(code.Location === undefined ? {} : { Location: 'REDACTED_FOR_SECURITY_PURPOSES' }) } : null;
      },
    },
  },
  primaryKey: ['arn'],
  iam: ['lambda:ListFunctions', 'lambda:GetFunction', 'lambda:GetPolicy'],
});

import {
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  GetRuntimeManagementConfigCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { defineTable, type Item } from '../../engine/table.js';
import { configuration } from './function-shared.js';

/** A policy document arrives as a JSON string; CloudQuery stores it parsed. */
function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Lambda refuses code signing and runtime management calls for container images; CloudQuery skips them too. */
const isZip = (fn: unknown) => configuration(fn as Item).PackageType !== 'Image';
const byName = (fn: unknown) => ({ FunctionName: configuration(fn as Item).FunctionName });

/**
 * The function's code signing config as far as GetFunctionCodeSigningConfig tells it: CloudQuery
 * stores GetCodeSigningConfig's whole CodeSigningConfig, but that call is not in canopy's models, so
 * only its ARN and id (the ARN's last part) are filled; null when the function has none.
 */
function codeSigningConfig(signing: Item | undefined): Item | null {
  const arn = signing?.CodeSigningConfigArn;
  if (typeof arn !== 'string' || arn === '') return null;
  return { CodeSigningConfigArn: arn, CodeSigningConfigId: arn.split(':').pop() ?? null };
}

/**
 * CloudQuery's aws_lambda_functions: ListFunctions, then GetFunction per function (its whole output
 * is the row: configuration, code, tags, concurrency), GetPolicy for the resource policy, and for
 * .zip functions GetFunctionCodeSigningConfig and GetRuntimeManagementConfig.
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
    policy: { call: { client: LambdaClient, command: GetPolicyCommand }, operation: 'GetPolicy', input: byName },
    signing: { call: { client: LambdaClient, command: GetFunctionCodeSigningConfigCommand }, operation: 'GetFunctionCodeSigningConfig', input: byName, when: isZip },
    runtime: { call: { client: LambdaClient, command: GetRuntimeManagementConfigCommand }, operation: 'GetRuntimeManagementConfig', input: byName, when: isZip },
  },
  columns: {
    arn: { type: 'string', value: (fn) => configuration(fn).FunctionArn },
    policy_revision_id: { type: 'string', value: (_fn, _c, d) => d.policy?.RevisionId },
    policy_document: { type: 'json', value: (_fn, _c, d) => parsed(d.policy?.Policy) },
    code_signing_config: { type: 'json', value: (_fn, _c, d) => codeSigningConfig(d.signing) },
    code_repository_type: { type: 'string', value: (fn) => (fn.Code as Item | undefined)?.RepositoryType },
    update_runtime_on: { type: 'string', value: (_fn, _c, d) => d.runtime?.UpdateRuntimeOn },
    // Lambda reports the runtime version only for functions pinned to one (Manual updates).
    runtime_version_arn: { type: 'string', value: (_fn, _c, d) => d.runtime?.RuntimeVersionArn },
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
  iam: ['lambda:ListFunctions', 'lambda:GetFunction', 'lambda:GetPolicy', 'lambda:GetFunctionCodeSigningConfig', 'lambda:GetRuntimeManagementConfig'],
});

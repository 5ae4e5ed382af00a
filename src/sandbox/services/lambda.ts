import { tagsFor } from '../data/common.js';
import { uuidOf } from '../data/random.js';
import {
  getFunctionCodeSigningConfig,
  getFunctionUrlConfig,
  getRuntimeManagementConfig,
  listFunctionEventInvokeConfigs,
  listProvisionedConcurrencyConfigs,
  eventInvokeConfigCount,
  provisionedConcurrencyCount,
  EVENT_INVOKE_CONFIG_KIND,
  PROVISIONED_CONCURRENCY_KIND,
} from './lambda-configs.js';
import { EVENT_SOURCE_MAPPING_KIND, cellMappingCount, listEventSourceMappings } from './lambda-event-sources.js';
import { FUNCTION_KIND, buildFunction, codeOf, functionCount, functionKey, policyOf, sumOverFunctions } from './lambda-functions.js';
import {
  ALIAS_KIND,
  VERSION_KIND,
  aliasAt,
  aliasCount,
  listedVersionAt,
  listedVersionCount,
  resolveFunction,
  targetConfiguration,
} from './lambda-versions.js';
import { requiredString, tagMap } from './lookup.js';
import { SandboxError, defineService, notFound, paginate, type Input, type KindCount, type Output, type PageOptions, type RequestContext } from './service.js';

/**
 * Functions are allocated by --scale; their versions ($LATEST included), aliases, provisioned
 * concurrency configs, event invoke configs and event source mappings are counted from them.
 */
export const kinds: KindCount[] = [
  { kind: FUNCTION_KIND, scope: 'regional', count: (universe, cell) => functionCount(universe, cell) },
  { kind: VERSION_KIND, scope: 'regional', count: (u, cell) => sumOverFunctions(u, cell, (i) => listedVersionCount(u, cell, i)) },
  { kind: ALIAS_KIND, scope: 'regional', count: (u, cell) => sumOverFunctions(u, cell, (i) => aliasCount(u, cell, i)) },
  { kind: PROVISIONED_CONCURRENCY_KIND, scope: 'regional', count: (u, cell) => sumOverFunctions(u, cell, (i) => provisionedConcurrencyCount(u, cell, i)) },
  { kind: EVENT_INVOKE_CONFIG_KIND, scope: 'regional', count: (u, cell) => sumOverFunctions(u, cell, (i) => eventInvokeConfigCount(u, cell, i)) },
  { kind: EVENT_SOURCE_MAPPING_KIND, scope: 'regional', count: cellMappingCount },
];

/** Lambda accepts MaxItems 1..10,000 on its list calls but returns at most 50 functions or versions per response. */
const FIFTY_A_PAGE: PageOptions = { defaultPageSize: 50, maxPageSize: 50, limits: { min: 1, max: 10_000, code: 'InvalidParameterValueException' } };

function listFunctions(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  return paginate(input, ctx, functionCount(universe, cell), (i) => buildFunction(universe, cell, i).configuration, FIFTY_A_PAGE);
}

/** GetFunction of $LATEST, a published version or an alias (which answers its version's configuration). */
function getFunction(input: Input, ctx: RequestContext): Output {
  const text = requiredString(input, 'FunctionName', 'InvalidParameterValueException');
  const target = resolveFunction(text, input.Qualifier, ctx, ['latest', 'version', 'alias']);
  const index = target.index;
  const fn = buildFunction(ctx.universe, ctx.cell, index);
  const configuration = targetConfiguration(ctx.universe, ctx.cell, target);
  const output: Output = { Configuration: configuration, Code: codeOf(ctx.universe, ctx.cell, index, fn.configuration) };
  if (Object.keys(fn.tags).length > 0) output.Tags = fn.tags;
  if (fn.reservedConcurrency !== undefined) output.Concurrency = { ReservedConcurrentExecutions: fn.reservedConcurrency };
  return output;
}

function getPolicy(input: Input, ctx: RequestContext): Output {
  const text = requiredString(input, 'FunctionName', 'InvalidParameterValueException');
  // Resource policies are on $LATEST only; a version or alias without one is not found either.
  const target = resolveFunction(text, input.Qualifier, ctx, ['latest', 'version', 'alias']);
  const policy = target.kind === 'latest' ? policyOf(ctx.universe, ctx.cell, target.index) : undefined;
  if (policy === undefined) throw notFound('ResourceNotFoundException', 'The resource you requested does not exist.');
  return { Policy: policy, RevisionId: uuidOf(...functionKey(ctx.universe, ctx.cell, target.index, 'revision')) };
}

function listTags(input: Input, ctx: RequestContext): Output {
  const text = requiredString(input, 'Resource', 'InvalidParameterValueException');
  if (!text.startsWith('arn:')) {
    throw new SandboxError('ValidationException', `1 validation error detected: Value '${text}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:.*`);
  }
  const { index } = resolveFunction(text, undefined, ctx);
  return { Tags: tagMap(tagsFor(ctx.universe, ctx.cell, FUNCTION_KIND, index)) };
}

/** $LATEST first, then the published versions in order. */
function listVersionsByFunction(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  const { index } = resolveFunction(requiredString(input, 'FunctionName', 'InvalidParameterValueException'), undefined, ctx);
  const latest = buildFunction(universe, cell, index).configuration;
  return paginate(input, ctx, listedVersionCount(universe, cell, index), (v) => listedVersionAt(universe, cell, index, v, latest), FIFTY_A_PAGE);
}

/** A function's aliases, or only those that point at FunctionVersion. */
function listAliases(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  const { index } = resolveFunction(requiredString(input, 'FunctionName', 'InvalidParameterValueException'), undefined, ctx);
  const version = typeof input.FunctionVersion === 'string' && input.FunctionVersion !== '' ? input.FunctionVersion : undefined;
  const filter = version === undefined ? undefined : (alias: unknown) => (alias as Output).FunctionVersion === version;
  return paginate(input, ctx, aliasCount(universe, cell, index), (a) => aliasAt(universe, cell, index, a), { ...FIFTY_A_PAGE, filter });
}

export const lambdaService = defineService({
  name: 'lambda',
  kinds,
  handlers: {
    ListFunctions: listFunctions,
    GetFunction: getFunction,
    GetPolicy: getPolicy,
    ListTags: listTags,
    ListVersionsByFunction: listVersionsByFunction,
    ListAliases: listAliases,
    ListProvisionedConcurrencyConfigs: listProvisionedConcurrencyConfigs,
    ListFunctionEventInvokeConfigs: listFunctionEventInvokeConfigs,
    ListEventSourceMappings: listEventSourceMappings,
    GetFunctionUrlConfig: getFunctionUrlConfig,
    GetFunctionCodeSigningConfig: getFunctionCodeSigningConfig,
    GetRuntimeManagementConfig: getRuntimeManagementConfig,
  },
});

import type { Cell } from '../data/ids.js';
import { hash32, hexOf, intBetween, pick, unit } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { buildFunction, functionArnAt, functionKey, functionNameAt, functionTimes, isImageFunction, lambdaTime } from './lambda-functions.js';
import { aliasArnAt, aliasCount, resolveFunction, targetArn, type Target } from './lambda-versions.js';
import { requiredString } from './lookup.js';
import { SandboxError, notFound, paginate, type Input, type Output, type PageOptions, type RequestContext } from './service.js';
import { queueArnAt } from './sqs.js';

/**
 * Per-function settings beside the configuration: provisioned concurrency (on aliases), asynchronous
 * invocation settings, function URLs, code signing and runtime management.
 */

export const PROVISIONED_CONCURRENCY_KIND = 'lambda.provisioned_concurrency_config';
export const EVENT_INVOKE_CONFIG_KIND = 'lambda.event_invoke_config';

/** ListProvisionedConcurrencyConfigs and ListFunctionEventInvokeConfigs take MaxItems 1..50. */
const FIFTY: PageOptions = { defaultPageSize: 50, maxPageSize: 50, limits: { min: 1, max: 50, code: 'InvalidParameterValueException' } };

/** Provisioned concurrency lives on aliases: a fifth of aliased functions keep one warm, a few two. */
export function provisionedConcurrencyCount(universe: Universe, cell: Cell, index: number): number {
  const aliases = aliasCount(universe, cell, index);
  if (aliases === 0 || unit(...functionKey(universe, cell, index, 'provisioned')) >= 0.2) return 0;
  return aliases > 1 && unit(...functionKey(universe, cell, index, 'provisioned-second')) < 0.3 ? 2 : 1;
}

/** Config `n` of a function, on its alias `n`. */
export function provisionedConcurrencyAt(universe: Universe, cell: Cell, index: number, n: number): Output {
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, 'provisioned', n, ...parts);
  const requested = pick([1, 2, 5, 10, 25, 50, 100], ...key('requested'));
  const { modified } = functionTimes(universe, cell, index);
  const out: Output = {
    FunctionArn: aliasArnAt(universe, cell, index, n),
    RequestedProvisionedConcurrentExecutions: requested,
    AvailableProvisionedConcurrentExecutions: requested,
    AllocatedProvisionedConcurrentExecutions: requested,
    Status: 'READY',
    LastModified: lambdaTime(new Date(modified.getTime() + intBetween(60, 86_400, ...key('at')) * 1000)),
  };
  const r = unit(...key('status'));
  if (r < 0.05) {
    Object.assign(out, { Status: 'FAILED', AllocatedProvisionedConcurrentExecutions: 0, AvailableProvisionedConcurrentExecutions: 0 });
    out.StatusReason = 'FUNCTION_ERROR_INIT_FAILURE: Function failed to initialize.';
  } else if (r < 0.1) {
    const allocated = Math.floor(requested / 2);
    Object.assign(out, { Status: 'IN_PROGRESS', AllocatedProvisionedConcurrentExecutions: allocated, AvailableProvisionedConcurrentExecutions: allocated });
  }
  return out;
}

/** Which qualifiers hold an event invoke config: $LATEST for some functions, the first alias for some. */
function eventInvokeTargets(universe: Universe, cell: Cell, index: number): Target[] {
  const targets: Target[] = [];
  if (unit(...functionKey(universe, cell, index, 'invoke-config')) < 0.15) targets.push({ index, kind: 'latest' });
  if (aliasCount(universe, cell, index) > 0 && unit(...functionKey(universe, cell, index, 'invoke-config-alias')) < 0.25) {
    targets.push({ index, kind: 'alias', alias: 0 });
  }
  return targets;
}

export function eventInvokeConfigCount(universe: Universe, cell: Cell, index: number): number {
  return eventInvokeTargets(universe, cell, index).length;
}

/** Failed (and sometimes successful) asynchronous events go to one of the cell's queues. */
function eventInvokeConfigAt(universe: Universe, cell: Cell, target: Target): Output {
  const { index } = target;
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, 'invoke-config', target.kind, ...parts);
  const arn = functionArnAt(universe, cell, index);
  const { modified } = functionTimes(universe, cell, index);
  const out: Output = {
    // Lambda names the unqualified function's config by its $LATEST ARN.
    FunctionArn: target.kind === 'latest' ? `${arn}:$LATEST` : targetArn(universe, cell, target),
    LastModified: new Date(modified.getTime() + intBetween(60, 30 * 86_400, ...key('at')) * 1000),
    MaximumRetryAttempts: pick([0, 1, 2], ...key('retries')),
    MaximumEventAgeInSeconds: pick([60, 300, 3600, 21_600], ...key('age')),
  };
  const queues = universe.allocated(cell, 'sqs.queue');
  if (queues > 0 && unit(...key('destination')) < 0.7) {
    const destination: Output = { OnFailure: { Destination: queueArnAt(universe, cell, hash32(...key('queue')) % queues) } };
    if (unit(...key('success')) < 0.2) destination.OnSuccess = { Destination: queueArnAt(universe, cell, hash32(...key('queue-ok')) % queues) };
    out.DestinationConfig = destination;
  }
  return out;
}

function functionArgument(input: Input): string {
  return requiredString(input, 'FunctionName', 'InvalidParameterValueException');
}

export function listProvisionedConcurrencyConfigs(input: Input, ctx: RequestContext): Output {
  const { index } = resolveFunction(functionArgument(input), undefined, ctx);
  const { universe, cell } = ctx;
  return paginate(input, ctx, provisionedConcurrencyCount(universe, cell, index), (n) => provisionedConcurrencyAt(universe, cell, index, n), FIFTY);
}

export function listFunctionEventInvokeConfigs(input: Input, ctx: RequestContext): Output {
  const { index } = resolveFunction(functionArgument(input), undefined, ctx);
  const targets = eventInvokeTargets(ctx.universe, ctx.cell, index);
  return paginate(input, ctx, targets.length, (n) => eventInvokeConfigAt(ctx.universe, ctx.cell, targets[n] as Target), FIFTY);
}

/** Function URLs exist on $LATEST for some functions and on some aliases; never on a version. */
function hasUrl(universe: Universe, cell: Cell, target: Target): boolean {
  if (target.kind === 'latest') return unit(...functionKey(universe, cell, target.index, 'url')) < 0.08;
  return target.kind === 'alias' && unit(...functionKey(universe, cell, target.index, 'url-alias', target.alias)) < 0.15;
}

export function getFunctionUrlConfig(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  const target = resolveFunction(functionArgument(input), input.Qualifier, ctx, ['latest', 'alias']);
  if (!hasUrl(universe, cell, target)) throw notFound('ResourceNotFoundException', 'The resource you requested does not exist.');
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, target.index, 'url', target.kind, target.kind === 'alias' ? target.alias : 0, ...parts);
  const created = new Date(functionTimes(universe, cell, target.index).modified.getTime() + intBetween(60, 86_400, ...key('created')) * 1000);
  const out: Output = {
    FunctionUrl: `https://${hexOf(32, ...key('id'))}.lambda-url.${cell.region}.on.aws/`,
    FunctionArn: targetArn(universe, cell, target),
    AuthType: unit(...key('auth')) < 0.7 ? 'AWS_IAM' : 'NONE',
    CreationTime: created.toISOString(),
    LastModifiedTime: new Date(created.getTime() + intBetween(0, 30 * 86_400, ...key('modified')) * 1000).toISOString(),
    InvokeMode: unit(...key('mode')) < 0.9 ? 'BUFFERED' : 'RESPONSE_STREAM',
  };
  if (unit(...key('cors')) < 0.4) out.Cors = { AllowOrigins: ['*'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], MaxAge: 86_400 };
  return out;
}

/** Container images cannot be signed or have their runtime managed: Lambda refuses both calls. */
function refuseImages(ctx: RequestContext, index: number, what: string): void {
  if (isImageFunction(ctx.universe, ctx.cell, index)) {
    throw new SandboxError('InvalidParameterValueException', `${what} is not supported for functions created with container images.`);
  }
}

/** A few code signing configs per account and region, shared by the functions that use one. */
export function codeSigningConfigArn(universe: Universe, cell: Cell, index: number): string | undefined {
  if (isImageFunction(universe, cell, index) || unit(...functionKey(universe, cell, index, 'signing')) >= 0.1) return undefined;
  const config = hash32(...functionKey(universe, cell, index, 'signing-config')) % 3;
  const id = hexOf(17, universe.seed, cell.accountId, cell.region, 'lambda.code_signing_config', config);
  return `arn:aws:lambda:${cell.region}:${cell.accountId}:code-signing-config:csc-${id}`;
}

/** A function without a code signing config answers 200 with its name alone. */
export function getFunctionCodeSigningConfig(input: Input, ctx: RequestContext): Output {
  const { index } = resolveFunction(functionArgument(input), undefined, ctx);
  refuseImages(ctx, index, 'Code signing');
  const out: Output = { FunctionName: functionNameAt(ctx.universe, ctx.cell, index) };
  const arn = codeSigningConfigArn(ctx.universe, ctx.cell, index);
  if (arn) out.CodeSigningConfigArn = arn;
  return out;
}

/** Runtime updates are automatic for most functions; the runtime version ARN is returned only in Manual mode. */
export function runtimeManagementOf(universe: Universe, cell: Cell, index: number): { mode: string; versionArn?: string } {
  const r = unit(...functionKey(universe, cell, index, 'runtime-updates'));
  if (r < 0.8) return { mode: 'Auto' };
  if (r < 0.92) return { mode: 'FunctionUpdate' };
  const config = buildFunction(universe, cell, index).configuration.RuntimeVersionConfig as { RuntimeVersionArn?: string } | undefined;
  return { mode: 'Manual', versionArn: config?.RuntimeVersionArn };
}

export function getRuntimeManagementConfig(input: Input, ctx: RequestContext): Output {
  const target = resolveFunction(functionArgument(input), input.Qualifier, ctx, ['latest', 'version', 'alias']);
  refuseImages(ctx, target.index, 'Runtime management configuration');
  const { mode, versionArn } = runtimeManagementOf(ctx.universe, ctx.cell, target.index);
  const out: Output = { UpdateRuntimeOn: mode, FunctionArn: targetArn(ctx.universe, ctx.cell, target) };
  if (versionArn) out.RuntimeVersionArn = versionArn;
  return out;
}

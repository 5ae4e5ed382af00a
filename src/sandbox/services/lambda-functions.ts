import { tagsFor, createdAt, arnOf, teams, apps, environmentOf } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, hexOf, intBetween, pick, unit, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { tableNameAt } from './dynamodb.js';
import { tagMap } from './lookup.js';
import { encryptionKeyArn } from './kms/keys.js';
import { placementFor, serviceRoleArn } from './placement.js';
import type { Output } from './service.js';
import { deadLetterQueueIndex, queueArnAt } from './sqs.js';

/**
 * Lambda functions as the sandbox generates them: function `index` of a cell is a pure function of
 * (seed, account, region, index). Versions, aliases and the other per-function resources build on it.
 */
export const FUNCTION_KIND = 'lambda.function';

const runtimes: ReadonlyArray<{ runtime: string; handler: string }> = [
  { runtime: 'nodejs20.x', handler: 'index.handler' },
  { runtime: 'nodejs20.x', handler: 'dist/handler.main' },
  { runtime: 'nodejs18.x', handler: 'index.handler' },
  { runtime: 'python3.12', handler: 'app.lambda_handler' },
  { runtime: 'python3.11', handler: 'lambda_function.lambda_handler' },
  { runtime: 'python3.9', handler: 'handler.handle' },
  { runtime: 'java21', handler: 'com.example.Handler::handleRequest' },
  { runtime: 'provided.al2023', handler: 'bootstrap' },
  { runtime: 'dotnet8', handler: 'Function::Function.Function::FunctionHandler' },
  { runtime: 'ruby3.3', handler: 'function.handler' },
];
const purposes = ['worker', 'handler', 'processor', 'consumer', 'cron', 'authorizer', 'resizer', 'notifier', 'sync'];

/** Function `index` of the cell, e.g. `payments-api-worker-0042`; the team matches its Team tag. */
export function functionNameAt(universe: Universe, cell: Cell, index: number): string {
  const seed = universe.seed;
  const team = pick(teams, seed, cell.accountId, FUNCTION_KIND, index, 'team');
  const app = pick(apps, seed, cell.accountId, cell.region, FUNCTION_KIND, index, 'app');
  const purpose = pick(purposes, seed, cell.accountId, cell.region, FUNCTION_KIND, index, 'purpose');
  return indexedName(`${team}-${app}-${purpose}`, index);
}

export function functionArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('lambda', cell.region, cell.accountId, `function:${functionNameAt(universe, cell, index)}`);
}

/** Lambda writes LastModified as a string with milliseconds and a numeric zone, not as a timestamp. */
export function lambdaTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

export interface LambdaFunction {
  configuration: Output;
  tags: Record<string, string>;
  reservedConcurrency?: number;
}

export function functionKey(universe: Universe, cell: Cell, index: number, ...parts: Array<string | number>): Array<string | number> {
  return [universe.seed, cell.accountId, cell.region, FUNCTION_KIND, index, ...parts];
}

/** How many functions the cell holds. */
export function functionCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, FUNCTION_KIND);
}

/** A count summed over the cell's functions: child kinds are counted in O(functions), as IAM's access keys are. */
export function sumOverFunctions(universe: Universe, cell: Cell, count: (index: number) => number): number {
  let total = 0;
  const functions = functionCount(universe, cell);
  for (let i = 0; i < functions; i++) total += count(i);
  return total;
}

/** Container-image functions: Lambda refuses code signing and runtime management calls for them. */
export function isImageFunction(universe: Universe, cell: Cell, index: number): boolean {
  return unit(...functionKey(universe, cell, index, 'image')) < 0.08;
}

/** When the function was created and when $LATEST last changed. */
export function functionTimes(universe: Universe, cell: Cell, index: number): { created: Date; modified: Date } {
  const created = createdAt(universe.seed, cell, FUNCTION_KIND, index);
  const modified = new Date(created.getTime() + (hash32(...functionKey(universe, cell, index, 'modified')) % (120 * 86_400)) * 1000);
  return { created, modified };
}

export function buildFunction(universe: Universe, cell: Cell, index: number): LambdaFunction {
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, ...parts);
  const name = functionNameAt(universe, cell, index);
  const arn = functionArnAt(universe, cell, index);
  const [team, app] = name.split('-');
  const { modified } = functionTimes(universe, cell, index);
  const image = isImageFunction(universe, cell, index);
  const codeSize = image ? 0 : intBetween(400, 48_000_000, ...key('size'));
  const configuration: Output = {
    FunctionName: name,
    FunctionArn: arn,
    Role: serviceRoleArn(universe, cell.accountId, 'lambda-role', cell.region, FUNCTION_KIND, index),
    CodeSize: codeSize,
    Description: pick(['', `${app ?? 'app'} ${name.split('-')[2] ?? ''} for ${team ?? 'the'} team`, 'Managed by Terraform'], ...key('desc')),
    Timeout: pick([3, 3, 10, 30, 60, 300, 900], ...key('timeout')),
    MemorySize: pick([128, 128, 256, 512, 1024, 1536, 2048, 3008], ...key('memory')),
    LastModified: lambdaTime(modified),
    CodeSha256: Buffer.from(hexOf(64, ...key('sha')), 'hex').toString('base64'),
    Version: '$LATEST',
    TracingConfig: { Mode: unit(...key('xray')) < 0.2 ? 'Active' : 'PassThrough' },
    RevisionId: uuidOf(...key('revision')),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: image ? 'Image' : 'Zip',
    Architectures: [unit(...key('arch')) < 0.3 ? 'arm64' : 'x86_64'],
    EphemeralStorage: { Size: unit(...key('tmp')) < 0.1 ? 2048 : 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
  if (!image) {
    const runtime = pick(runtimes, ...key('runtime'));
    configuration.Runtime = runtime.runtime;
    configuration.Handler = runtime.handler;
    configuration.RuntimeVersionConfig = {
      RuntimeVersionArn: `arn:aws:lambda:${cell.region}::runtime:${hexOf(64, universe.seed, cell.region, runtime.runtime)}`,
    };
    if (unit(...key('layers')) < 0.2) {
      // The CloudWatch Lambda Insights extension, published by AWS from its own account.
      configuration.Layers = [
        { Arn: `arn:aws:lambda:${cell.region}:580247275435:layer:LambdaInsightsExtension:38`, CodeSize: 5_361_278 },
      ];
    }
  }
  const variables: Record<string, string> = { ENVIRONMENT: environmentOf(universe, cell.accountId), LOG_LEVEL: 'info' };
  const tables = universe.allocated(cell, 'dynamodb.table');
  if (tables > 0 && unit(...key('table')) < 0.5) {
    variables.TABLE_NAME = tableNameAt(universe, cell, hash32(...key('table-index')) % tables);
  }
  if (unit(...key('env')) < 0.8) configuration.Environment = { Variables: variables };
  const dlq = unit(...key('dlq')) < 0.25 ? deadLetterQueueIndex(universe, cell, hash32(...key('dlq-index'))) : undefined;
  if (dlq !== undefined) configuration.DeadLetterConfig = { TargetArn: queueArnAt(universe, cell, dlq) };
  const placement = unit(...key('vpc')) < 0.3 ? placementFor(universe, cell, FUNCTION_KIND, index) : undefined;
  if (placement) {
    configuration.VpcConfig = {
      SubnetIds: placement.subnets.map((s) => s.subnetId),
      SecurityGroupIds: placement.securityGroupIds,
      VpcId: placement.vpcId,
      Ipv6AllowedForDualStack: false,
    };
  }
  const kmsKey = unit(...key('kms')) < 0.15 ? encryptionKeyArn(universe, cell, FUNCTION_KIND, index) : undefined;
  if (kmsKey) configuration.KMSKeyArn = kmsKey;
  const reserved = unit(...key('reserved')) < 0.1 ? pick([1, 5, 10, 50, 100], ...key('concurrency')) : undefined;
  return {
    configuration,
    tags: tagMap(tagsFor(universe, cell, FUNCTION_KIND, index)),
    ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
  };
}

/** Where GetFunction says the code is: an ECR image, or a presigned S3 URL to the deployment package. */
export function codeOf(universe: Universe, cell: Cell, index: number, configuration: Output): Output {
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, ...parts);
  const name = String(configuration.FunctionName);
  const [team = 'app', app = 'lambda'] = name.split('-');
  if (configuration.PackageType === 'Image') {
    const repository = `${cell.accountId}.dkr.ecr.${cell.region}.amazonaws.com/${team}-${app}`;
    return {
      RepositoryType: 'ECR',
      ImageUri: `${repository}:latest`,
      ResolvedImageUri: `${repository}@sha256:${hexOf(64, ...key('digest'))}`,
    };
  }
  const modified = new Date(String(configuration.LastModified).replace('+0000', 'Z'));
  return { RepositoryType: 'S3', Location: codeLocation(cell, name, modified, key) };
}

/** A presigned URL of the shape Lambda hands out for a deployment package (valid 10 minutes). */
function codeLocation(cell: Cell, name: string, modified: Date, key: (...parts: string[]) => Array<string | number>): string {
  const amzDate = modified.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const query = [
    `versionId=${hexOf(32, ...key('version-id'))}`,
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    `X-Amz-Date=${amzDate}`,
    'X-Amz-SignedHeaders=host',
    'X-Amz-Expires=600',
    `X-Amz-Signature=${hexOf(64, ...key('signature'))}`,
  ].join('&');
  return `https://awslambda-${cell.region}-tasks.s3.${cell.region}.amazonaws.com/snapshots/${cell.accountId}/${name}-${uuidOf(...key('snapshot'))}?${query}`;
}

/** Who may invoke a function, for the share of functions that have triggers outside Lambda. */
export function policyOf(universe: Universe, cell: Cell, index: number): string | undefined {
  const key = (...parts: Array<string | number>) => functionKey(universe, cell, index, ...parts);
  if (unit(...key('policy')) >= 0.35) return undefined;
  const name = functionNameAt(universe, cell, index);
  const trigger = pick(['apigateway', 'events', 'logs'], ...key('trigger'));
  const source =
    trigger === 'apigateway'
      ? `arn:aws:execute-api:${cell.region}:${cell.accountId}:${hexOf(10, ...key('api'))}/*/*/*`
      : trigger === 'events'
        ? `arn:aws:events:${cell.region}:${cell.accountId}:rule/${name}-schedule`
        : `arn:aws:logs:${cell.region}:${cell.accountId}:log-group:/aws/${name}:*`;
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: [
      {
        Sid: `${trigger}-invoke-${hexOf(8, ...key('sid'))}`,
        Effect: 'Allow',
        Principal: { Service: `${trigger}.amazonaws.com` },
        Action: 'lambda:InvokeFunction',
        Resource: functionArnAt(universe, cell, index),
        Condition: { ArnLike: { 'AWS:SourceArn': source } },
      },
    ],
  });
}


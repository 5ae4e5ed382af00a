import type { Cell } from '../../data/ids.js';
import { hash32, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { bucketCount, bucketName } from '../s3/names.js';

/** An IAM policy document, as it is stored and (URL-encoded) returned. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]>;
  Action?: string | string[];
  /** Everything except these actions (PowerUserAccess). */
  NotAction?: string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** IAM returns documents URL-encoded (RFC 3986), as AWS does in every PolicyDocument field. */
export function encodeDocument(document: PolicyDocument): string {
  return encodeURIComponent(JSON.stringify(document));
}

/** Where a generated policy points: the team's resources in one of the account's regions. */
interface DocumentScope {
  accountId: string;
  region: string;
  team: string;
  bucket: string;
}

export interface AccessTemplate {
  key: string;
  /** The name an inline policy built from this template gets (also its statement Sid). */
  inlineName: string;
  description: string;
  /** Newest version first-to-last; older versions carry fewer actions. */
  actions: string[];
  resources(scope: DocumentScope): string[];
}

/** The permission sets customer-managed and inline policies are built from. */
export const accessTemplates: readonly AccessTemplate[] = [
  {
    key: 's3-read',
    inlineName: 'S3ReadAccess',
    description: 'Read objects of the team bucket',
    actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
    resources: (s) => [`arn:aws:s3:::${s.bucket}`, `arn:aws:s3:::${s.bucket}/*`],
  },
  {
    key: 's3-write',
    inlineName: 'S3WriteAccess',
    description: 'Write objects to the team bucket',
    actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
    resources: (s) => [`arn:aws:s3:::${s.bucket}/*`],
  },
  {
    key: 'dynamodb-rw',
    inlineName: 'DynamoDBReadWrite',
    description: 'Read and write the team tables',
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    resources: (s) => [`arn:aws:dynamodb:${s.region}:${s.accountId}:table/${s.team}-*`],
  },
  {
    key: 'sqs-consume',
    inlineName: 'SQSConsume',
    description: 'Consume the team queues',
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
    resources: (s) => [`arn:aws:sqs:${s.region}:${s.accountId}:${s.team}-*`],
  },
  {
    key: 'sns-publish',
    inlineName: 'SNSPublish',
    description: 'Publish to the team topics',
    actions: ['sns:Publish', 'sns:GetTopicAttributes'],
    resources: (s) => [`arn:aws:sns:${s.region}:${s.accountId}:${s.team}-*`],
  },
  {
    key: 'kms-decrypt',
    inlineName: 'KMSDecrypt',
    description: 'Decrypt with the account keys',
    actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
    resources: (s) => [`arn:aws:kms:${s.region}:${s.accountId}:key/*`],
  },
  {
    key: 'logs-write',
    inlineName: 'CloudWatchLogsWrite',
    description: 'Write the team log groups',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:CreateLogGroup'],
    resources: (s) => [`arn:aws:logs:${s.region}:${s.accountId}:log-group:/${s.team}/*`],
  },
  {
    key: 'secrets-read',
    inlineName: 'SecretsRead',
    description: 'Read the team secrets',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resources: (s) => [`arn:aws:secretsmanager:${s.region}:${s.accountId}:secret:${s.team}/*`],
  },
  {
    key: 'ssm-read',
    inlineName: 'ParameterStoreRead',
    description: 'Read the team parameters',
    actions: ['ssm:GetParameter', 'ssm:GetParametersByPath', 'ssm:GetParameters'],
    resources: (s) => [`arn:aws:ssm:${s.region}:${s.accountId}:parameter/${s.team}/*`],
  },
  {
    key: 'lambda-invoke',
    inlineName: 'LambdaInvoke',
    description: 'Invoke the team functions',
    actions: ['lambda:InvokeFunction', 'lambda:GetFunction'],
    resources: (s) => [`arn:aws:lambda:${s.region}:${s.accountId}:function:${s.team}-*`],
  },
  {
    key: 'ec2-describe',
    inlineName: 'EC2Describe',
    description: 'Describe EC2 resources',
    actions: ['ec2:DescribeInstances', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
    resources: () => ['*'],
  },
];

/**
 * The resources an entity's documents name. S3 statements name a real bucket of the account when it
 * has one in the chosen region, so policies cross-reference the S3 inventory.
 */
export function documentScope(universe: Universe, cell: Cell, kind: string, ordinal: number, team: string): DocumentScope {
  const regions = universe.enabledRegions(cell.accountId);
  const region = regions.length > 0 ? pick(regions, universe.seed, cell.accountId, kind, ordinal, 'region') : 'us-east-1';
  const bucketCell = { accountId: cell.accountId, region };
  const buckets = bucketCount(universe, bucketCell);
  const bucket =
    buckets > 0 ? bucketName(universe, bucketCell, hash32(universe.seed, cell.accountId, kind, ordinal, 'bucket') % buckets) : `${team}-*`;
  return { accountId: cell.accountId, region, team, bucket };
}

/** A document granting a template's actions; `version` of `versions` drops the newest actions of older versions. */
export function accessDocument(template: AccessTemplate, scope: DocumentScope, version = 1, versions = 1): PolicyDocument {
  const keep = Math.max(1, template.actions.length - (versions - version));
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: template.inlineName, Effect: 'Allow', Action: template.actions.slice(0, keep), Resource: template.resources(scope) }],
  };
}

/** A role trust policy for an AWS service principal such as lambda.amazonaws.com. */
export function serviceTrust(service: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

/** A role trust policy for another account's root (every principal that account allows). */
export function accountTrust(accountId: string, externalId?: string): PolicyDocument {
  const statement: Statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' };
  if (externalId !== undefined) statement.Condition = { StringEquals: { 'sts:ExternalId': externalId } };
  return { Version: '2012-10-17', Statement: [statement] };
}

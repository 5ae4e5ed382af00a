import type { PolicyDocument } from './documents.js';
import { iamId } from '../../data/ids.js';

/** An AWS-managed policy: the same in every account and every sandbox, whatever the seed. */
export interface ManagedPolicy {
  name: ManagedPolicyName;
  path: string;
  /** The default version's number; versions v1..vN all exist. */
  defaultVersion: number;
  created: Date;
  updated: Date;
  description: string;
  document: PolicyDocument;
}

function allow(actions: string[], resource = '*'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] };
}

const readActions = ['*:Describe*', '*:Get*', '*:List*', '*:BatchGet*', '*:Query', '*:Scan', '*:Select*'];

/** A fixed subset of AWS's ~1,000 managed policies: those the generated entities attach, and a few common ones. */
export const managedPolicies: readonly ManagedPolicy[] = [
  {
    name: 'AdministratorAccess',
    path: '/',
    defaultVersion: 1,
    created: new Date('2015-02-06T18:39:46Z'),
    updated: new Date('2015-02-06T18:39:46Z'),
    description: 'Provides full access to AWS services and resources.',
    document: allow(['*']),
  },
  {
    name: 'ReadOnlyAccess',
    path: '/',
    defaultVersion: 121,
    created: new Date('2015-02-06T18:39:48Z'),
    updated: new Date('2024-06-04T18:12:41Z'),
    description: 'Provides read-only access to AWS services and resources.',
    document: allow(readActions),
  },
  {
    name: 'SecurityAudit',
    path: '/',
    defaultVersion: 45,
    created: new Date('2015-02-06T18:41:01Z'),
    updated: new Date('2024-05-20T17:30:12Z'),
    description: 'The security audit template grants access to read security configuration metadata.',
    document: allow(['*:Describe*', '*:GetBucketPolicy', '*:GetBucketAcl', 'iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*']),
  },
  {
    name: 'ViewOnlyAccess',
    path: '/job-function/',
    defaultVersion: 17,
    created: new Date('2016-11-10T17:20:15Z'),
    updated: new Date('2024-03-14T12:02:51Z'),
    description: 'This policy grants permissions to view resources and basic metadata across all AWS services.',
    document: allow(['*:List*', '*:Describe*']),
  },
  {
    name: 'PowerUserAccess',
    path: '/',
    defaultVersion: 5,
    created: new Date('2015-02-06T18:39:47Z'),
    updated: new Date('2023-07-06T22:04:00Z'),
    description: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'], Resource: '*' },
      ],
    },
  },
  {
    name: 'IAMReadOnlyAccess',
    path: '/',
    defaultVersion: 4,
    created: new Date('2015-02-06T18:40:39Z'),
    updated: new Date('2018-01-25T19:11:27Z'),
    description: 'Provides read only access to IAM via the AWS Management Console.',
    document: allow(['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy']),
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    path: '/',
    defaultVersion: 3,
    created: new Date('2015-02-06T18:40:59Z'),
    updated: new Date('2023-08-10T21:31:39Z'),
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    document: allow(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*']),
  },
  {
    name: 'AmazonEC2ReadOnlyAccess',
    path: '/',
    defaultVersion: 3,
    created: new Date('2015-02-06T18:40:17Z'),
    updated: new Date('2020-02-14T16:39:46Z'),
    description: 'Provides read only access to Amazon EC2 via the AWS Management Console.',
    document: allow(['ec2:Describe*', 'elasticloadbalancing:Describe*', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricStatistics', 'autoscaling:Describe*']),
  },
  {
    name: 'AWSLambdaBasicExecutionRole',
    path: '/service-role/',
    defaultVersion: 1,
    created: new Date('2015-04-09T15:03:43Z'),
    updated: new Date('2015-04-09T15:03:43Z'),
    description: 'Provides write permissions to CloudWatch Logs.',
    document: allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']),
  },
  {
    name: 'AmazonECSTaskExecutionRolePolicy',
    path: '/service-role/',
    defaultVersion: 1,
    created: new Date('2017-11-16T18:48:22Z'),
    updated: new Date('2017-11-16T18:48:22Z'),
    description: 'Provides access to other AWS service resources that are required to run Amazon ECS tasks',
    document: allow(['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents']),
  },
  {
    name: 'AmazonSSMManagedInstanceCore',
    path: '/',
    defaultVersion: 2,
    created: new Date('2019-03-15T17:22:12Z'),
    updated: new Date('2019-05-23T16:54:21Z'),
    description: 'The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.',
    document: allow(['ssm:DescribeAssociation', 'ssm:GetDocument', 'ssm:UpdateInstanceInformation', 'ssmmessages:CreateControlChannel', 'ec2messages:GetMessages']),
  },
  {
    name: 'AmazonEKSClusterPolicy',
    path: '/',
    defaultVersion: 6,
    created: new Date('2018-05-27T21:06:14Z'),
    updated: new Date('2024-01-18T22:08:21Z'),
    description: 'This policy provides Kubernetes the permissions it requires to manage resources on your behalf.',
    document: allow(['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstances', 'ec2:CreateTags', 'elasticloadbalancing:DescribeLoadBalancers', 'kms:DescribeKey']),
  },
];

export type ManagedPolicyName =
  | 'AdministratorAccess'
  | 'ReadOnlyAccess'
  | 'SecurityAudit'
  | 'ViewOnlyAccess'
  | 'PowerUserAccess'
  | 'IAMReadOnlyAccess'
  | 'AmazonS3ReadOnlyAccess'
  | 'AmazonEC2ReadOnlyAccess'
  | 'AWSLambdaBasicExecutionRole'
  | 'AmazonECSTaskExecutionRolePolicy'
  | 'AmazonSSMManagedInstanceCore'
  | 'AmazonEKSClusterPolicy';

export function managedArn(policy: ManagedPolicy): string {
  return `arn:aws:iam::aws:policy${policy.path}${policy.name}`;
}

/** AWS-managed policy ids are global constants, so they derive from the name alone. */
export function managedPolicyId(policy: ManagedPolicy): string {
  return iamId('ANPA', 'aws-managed-policy', policy.name);
}

export function managedPolicyNamed(name: ManagedPolicyName): ManagedPolicy {
  const policy = managedPolicies.find((p) => p.name === name);
  if (!policy) throw new Error(`no managed policy ${name}`);
  return policy;
}

/** The managed policy an ARN such as arn:aws:iam::aws:policy/service-role/X denotes. */
export function managedPolicyByArn(arn: string): ManagedPolicy | undefined {
  return managedPolicies.find((p) => managedArn(p) === arn);
}

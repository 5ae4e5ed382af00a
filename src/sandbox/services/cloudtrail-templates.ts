/**
 * The calls the generated CloudTrail history is made of: mostly reads, as in real accounts, and
 * some writes, each naming a resource of a kind the sandbox generates where the call takes one.
 * IAM and sign-in events are global: AWS records them in us-east-1 only.
 */
export interface EventTemplate {
  source: string;
  name: string;
  readOnly: boolean;
  /** Relative frequency. */
  weight: number;
  /** The kind of the resource the call names, if any (a stable kind: see KindEventSpec). */
  kind?: string;
  /** The request parameter naming the resource; `params` when the shape is not `{ [param]: name }`. */
  param?: string;
  params?: (name: string) => Record<string, unknown>;
  /** When the cell has none of `kind` yet, the call made instead (the service's list call). */
  fallback?: string;
  /** A console sign-in: made by a person, without an access key. */
  signIn?: boolean;
}

/** arn:aws:sqs:REGION:ACCOUNT:NAME -> the queue URL SQS calls take. */
function queueUrlOf(arn: string): string {
  const [, , , region = '', account = '', name = ''] = arn.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

function reads(source: string, weight: number, ...names: string[]): EventTemplate[] {
  return names.map((name) => ({ source, name, readOnly: true, weight }));
}

function on(source: string, name: string, readOnly: boolean, kind: string, param: string, fallback: string, weight = 1): EventTemplate {
  return { source, name, readOnly, weight, kind, param, fallback };
}

const EC2 = 'ec2.amazonaws.com';
const S3 = 's3.amazonaws.com';
const LAMBDA = 'lambda.amazonaws.com';
const DYNAMODB = 'dynamodb.amazonaws.com';
const RDS = 'rds.amazonaws.com';
const IAM = 'iam.amazonaws.com';

const regional: EventTemplate[] = [
  ...reads(EC2, 4, 'DescribeInstances'),
  ...reads(EC2, 2, 'DescribeSecurityGroups', 'DescribeVolumes', 'DescribeVpcs'),
  on(EC2, 'DescribeInstanceStatus', true, 'ec2.instance', 'instanceId', 'DescribeInstances', 2),
  { ...on(EC2, 'StartInstances', false, 'ec2.instance', '', 'DescribeInstances'), params: (id) => ({ instancesSet: { items: [{ instanceId: id }] } }) },
  { ...on(EC2, 'StopInstances', false, 'ec2.instance', '', 'DescribeInstances'), params: (id) => ({ instancesSet: { items: [{ instanceId: id }] }, force: false }) },
  {
    ...on(EC2, 'CreateTags', false, 'ec2.instance', '', 'DescribeInstances'),
    params: (id) => ({ resourcesSet: { items: [{ resourceId: id }] }, tagSet: { items: [{ key: 'Owner', value: 'platform' }] } }),
  },
  on(EC2, 'ModifyVpcAttribute', false, 'ec2.vpc', 'vpcId', 'DescribeVpcs'),
  on(EC2, 'DescribeSubnets', true, 'ec2.subnet', 'subnetId', 'DescribeVpcs'),
  ...reads(S3, 2, 'ListBuckets'),
  on(S3, 'GetBucketAcl', true, 's3.bucket', 'bucketName', 'ListBuckets', 2),
  on(S3, 'GetBucketPolicy', true, 's3.bucket', 'bucketName', 'ListBuckets'),
  on(S3, 'GetBucketEncryption', true, 's3.bucket', 'bucketName', 'ListBuckets'),
  on(S3, 'PutBucketTagging', false, 's3.bucket', 'bucketName', 'ListBuckets'),
  ...reads(LAMBDA, 2, 'ListFunctions20150331'),
  on(LAMBDA, 'GetFunction20150331v2', true, 'lambda.function', 'functionName', 'ListFunctions20150331'),
  on(LAMBDA, 'UpdateFunctionConfiguration20150331v2', false, 'lambda.function', 'functionName', 'ListFunctions20150331'),
  ...reads(DYNAMODB, 1, 'ListTables'),
  on(DYNAMODB, 'DescribeTable', true, 'dynamodb.table', 'tableName', 'ListTables', 2),
  on(DYNAMODB, 'UpdateTable', false, 'dynamodb.table', 'tableName', 'ListTables'),
  ...reads(RDS, 1, 'DescribeDBInstances'),
  on(RDS, 'CreateDBSnapshot', false, 'rds.db_instance', 'dBInstanceIdentifier', 'DescribeDBInstances'),
  on(RDS, 'ModifyDBCluster', false, 'rds.db_cluster', 'dBClusterIdentifier', 'DescribeDBClusters'),
  ...reads('sqs.amazonaws.com', 1, 'ListQueues'),
  { ...on('sqs.amazonaws.com', 'SetQueueAttributes', false, 'sqs.queue', '', 'ListQueues'), params: (arn) => ({ queueUrl: queueUrlOf(arn), attributes: { VisibilityTimeout: '60' } }) },
  ...reads('sns.amazonaws.com', 1, 'ListTopics'),
  on('sns.amazonaws.com', 'GetTopicAttributes', true, 'sns.topic', 'topicArn', 'ListTopics'),
  on('sns.amazonaws.com', 'SetTopicAttributes', false, 'sns.topic', 'topicArn', 'ListTopics'),
  ...reads('kms.amazonaws.com', 1, 'ListKeys', 'ListAliases'),
  ...reads('ecs.amazonaws.com', 1, 'ListClusters'),
  { ...on('ecs.amazonaws.com', 'DescribeClusters', true, 'ecs.cluster', '', 'ListClusters'), params: (arn) => ({ clusters: [arn] }) },
  ...reads('eks.amazonaws.com', 1, 'ListClusters'),
  on('eks.amazonaws.com', 'DescribeCluster', true, 'eks.cluster', 'name', 'ListClusters'),
  ...reads('cloudtrail.amazonaws.com', 1, 'DescribeTrails'),
  ...reads('cloudtrail.amazonaws.com', 2, 'LookupEvents'),
  on('cloudtrail.amazonaws.com', 'GetTrailStatus', true, 'cloudtrail.trail', 'name', 'DescribeTrails'),
  ...reads('sts.amazonaws.com', 2, 'GetCallerIdentity'),
];

/** Recorded in us-east-1 only. */
const global: EventTemplate[] = [
  ...reads(IAM, 1, 'ListUsers', 'ListRoles', 'ListPolicies'),
  on(IAM, 'GetUser', true, 'iam.user', 'userName', 'ListUsers'),
  on(IAM, 'GetRole', true, 'iam.role', 'roleName', 'ListRoles'),
  {
    ...on(IAM, 'AttachRolePolicy', false, 'iam.role', '', 'ListRoles'),
    params: (roleName) => ({ roleName, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
  },
  on(IAM, 'GetGroup', true, 'iam.group', 'groupName', 'ListGroups'),
  {
    ...on(IAM, 'CreatePolicyVersion', false, 'iam.policy', '', 'ListPolicies'),
    params: (policyArn) => ({ policyArn, setAsDefault: true }),
  },
  { source: 'signin.amazonaws.com', name: 'ConsoleLogin', readOnly: false, weight: 2, signIn: true },
];

/** The templates of a region, with the running sums of their weights for a weighted pick. */
export interface TemplateTable {
  templates: readonly EventTemplate[];
  cumulative: readonly number[];
  total: number;
}

function table(templates: EventTemplate[]): TemplateTable {
  let sum = 0;
  const cumulative = templates.map((t) => (sum += t.weight));
  return { templates, cumulative, total: sum };
}

const regionalTable = table(regional);
const withGlobalTable = table([...regional, ...global]);

export function templatesFor(region: string, globalRegion: string): TemplateTable {
  return region === globalRegion ? withGlobalTable : regionalTable;
}

/** The template a draw in [0, total) lands on. */
export function templateAt(table: TemplateTable, draw: number): EventTemplate {
  let lo = 0;
  let hi = table.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((table.cumulative[mid] ?? 0) > draw) hi = mid;
    else lo = mid + 1;
  }
  return table.templates[lo] as EventTemplate;
}

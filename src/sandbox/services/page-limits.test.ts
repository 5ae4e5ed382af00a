import { describe, expect, it } from 'vitest';
import { serviceModels } from '../../models/index.js';
import type { Universe } from '../data/universe.js';
import { services } from './index.js';
import type { Input, Output } from './service.js';
import { failureOf } from './test-paging.js';
import { testContext, testUniverse } from './testing.js';

/**
 * Every paginated operation's page-size limits, as AWS documents them, checked from outside: the
 * smallest and largest values are accepted, one below, one above and a fraction are rejected with
 * the service's own error code. The ranges are restated here on purpose, so a change to the
 * handlers' ranges has to change this table too.
 */
const universe = testUniverse();
const { org } = universe;

interface Case {
  service: string;
  operation: string;
  member: string;
  min: number;
  /** The largest value accepted, or 'capped' when any larger value is accepted and the page capped. */
  max: number | 'capped';
  code: string;
  /** Required members, built from the universe (names of things that exist). */
  input?: () => Promise<Input> | Input;
  /** A larger universe, for inputs the small one may not hold (a cluster with backtracking on). */
  universe?: Universe;
}

async function call(service: string, operation: string, input: Input, u: Universe = universe): Promise<Output> {
  const definition = services[service];
  const handler = definition?.handlers[operation];
  if (!definition || !handler) throw new Error(`no handler ${service}:${operation}`);
  return handler(input, testContext(u, service, operation, { global: definition.global }));
}

async function firstOf(service: string, operation: string, resultKey: string, member: string): Promise<string> {
  const items = (await call(service, operation, {}))[resultKey];
  const first = Array.isArray(items) ? (items[0] as Record<string, unknown> | undefined) : undefined;
  const value = first?.[member];
  if (typeof value !== 'string') throw new Error(`${operation} listed no ${member}`);
  return value;
}

const group = () => firstOf('iam', 'ListGroups', 'Groups', 'GroupName').then((GroupName) => ({ GroupName }));
const user = () => ({ UserName: 'sandbox-admin' });
const role = () => firstOf('iam', 'ListRoles', 'Roles', 'RoleName').then((RoleName) => ({ RoleName }));
const parent = () => ({ ParentId: org.root.id });
const policy = () => firstOf('iam', 'ListPolicies', 'Policies', 'Arn').then((PolicyArn) => ({ PolicyArn }));
const larger = testUniverse({ scale: 20_000 });
const backtracking = async () => {
  const clusters = (await call('rds', 'DescribeDBClusters', {}, larger)).DBClusters as Array<Record<string, unknown>>;
  const cluster = clusters.find((c) => c.BacktrackWindow !== undefined);
  if (!cluster) throw new Error('no cluster with backtracking');
  return { DBClusterIdentifier: cluster.DBClusterIdentifier };
};
const lambdaFunction = () => firstOf('lambda', 'ListFunctions', 'Functions', 'FunctionName').then((FunctionName) => ({ FunctionName }));
const lambda = (operation: string, max: number, input?: Case['input']): Case => ({
  service: 'lambda',
  operation,
  member: 'MaxItems',
  min: 1,
  max,
  code: 'InvalidParameterValueException',
  input,
});

const ecsCluster = async () => ({ cluster: ((await call('ecs', 'ListClusters', {})).clusterArns as string[])[0] });
const eksCluster = async () => ({ clusterName: ((await call('eks', 'ListClusters', {})).clusters as string[])[0] });
/** ListKeyRotations answers only for keys that can rotate: symmetric, with key material KMS made. */
const rotatableKey = async () => {
  for (const { KeyId } of (await call('kms', 'ListKeys', {})).Keys as Array<{ KeyId: string }>) {
    const key = (await call('kms', 'DescribeKey', { KeyId })).KeyMetadata as Record<string, unknown>;
    if (key.KeySpec === 'SYMMETRIC_DEFAULT' && key.Origin === 'AWS_KMS') return { KeyId };
  }
  throw new Error('no key that can rotate');
};
const kmsKey = () => firstOf('kms', 'ListKeys', 'Keys', 'KeyId').then((KeyId) => ({ KeyId }));
const kmsKeyCases: Case[] = [
  { service: 'kms', operation: 'ListGrants', member: 'Limit', min: 1, max: 100, code: 'ValidationException', input: kmsKey },
  { service: 'kms', operation: 'ListKeyPolicies', member: 'Limit', min: 1, max: 1000, code: 'ValidationException', input: kmsKey },
  { service: 'kms', operation: 'ListKeyRotations', member: 'Limit', min: 1, max: 1000, code: 'ValidationException', input: rotatableKey },
];

const ec2 = (operation: string, max: number | 'capped'): Case => ({
  service: 'ec2',
  operation,
  member: 'MaxResults',
  min: 5,
  max,
  code: 'InvalidParameterValue',
});
const iam = (operation: string, input?: Case['input']): Case => ({
  service: 'iam',
  operation,
  member: 'MaxItems',
  min: 1,
  max: 1000,
  code: 'ValidationError',
  input,
});
const organizations = (operation: string, input?: Case['input']): Case => ({
  service: 'organizations',
  operation,
  member: 'MaxResults',
  min: 1,
  max: 20,
  code: 'InvalidInputException',
  input,
});

const cases: Case[] = [
  ec2('DescribeImages', 'capped'),
  ec2('DescribeInstances', 'capped'),
  ec2('DescribeInternetGateways', 1000),
  ec2('DescribeNatGateways', 1000),
  ec2('DescribeNetworkInterfaces', 1000),
  ec2('DescribeRouteTables', 100),
  ec2('DescribeSecurityGroups', 1000),
  ec2('DescribeSubnets', 1000),
  ec2('DescribeVolumes', 'capped'),
  ec2('DescribeVpcs', 1000),
  iam('GetAccountAuthorizationDetails'),
  iam('GetGroup', group),
  iam('ListAccessKeys', user),
  iam('ListAttachedGroupPolicies', group),
  iam('ListAttachedRolePolicies', role),
  iam('ListAttachedUserPolicies', user),
  iam('ListGroupPolicies', group),
  iam('ListGroups'),
  iam('ListGroupsForUser', user),
  iam('ListPolicies'),
  iam('ListPolicyTags', policy),
  iam('ListRolePolicies', role),
  iam('ListRoleTags', role),
  iam('ListRoles'),
  iam('ListUserPolicies', user),
  iam('ListUserTags', user),
  iam('ListUsers'),
  organizations('ListAccounts'),
  organizations('ListAccountsForParent', parent),
  organizations('ListChildren', () => ({ ...parent(), ChildType: 'ACCOUNT' })),
  organizations('ListOrganizationalUnitsForParent', parent),
  organizations('ListParents', () => ({ ChildId: org.accounts[1]?.id })),
  organizations('ListRoots'),
  { service: 'lambda', operation: 'ListFunctions', member: 'MaxItems', min: 1, max: 10_000, code: 'InvalidParameterValueException' },
  lambda('ListAliases', 10_000, lambdaFunction),
  lambda('ListVersionsByFunction', 10_000, lambdaFunction),
  lambda('ListEventSourceMappings', 10_000),
  lambda('ListFunctionEventInvokeConfigs', 50, lambdaFunction),
  lambda('ListProvisionedConcurrencyConfigs', 50, lambdaFunction),
  { service: 'rds', operation: 'DescribeDBInstances', member: 'MaxRecords', min: 20, max: 100, code: 'InvalidParameterValue' },
  { service: 'rds', operation: 'DescribeDBClusters', member: 'MaxRecords', min: 20, max: 100, code: 'InvalidParameterValue' },
  {
    service: 'rds',
    operation: 'DescribeDBClusterBacktracks',
    member: 'MaxRecords',
    min: 20,
    max: 100,
    code: 'InvalidParameterValue',
    input: backtracking,
    universe: larger,
  },
  { service: 'cloudtrail', operation: 'LookupEvents', member: 'MaxResults', min: 1, max: 50, code: 'InvalidMaxResultsException' },
  { service: 'dynamodb', operation: 'ListTables', member: 'Limit', min: 1, max: 100, code: 'ValidationException' },
  { service: 'sqs', operation: 'ListQueues', member: 'MaxResults', min: 1, max: 1000, code: 'InvalidParameterValue' },
  { service: 'kms', operation: 'ListKeys', member: 'Limit', min: 1, max: 1000, code: 'ValidationException' },
  { service: 'kms', operation: 'ListAliases', member: 'Limit', min: 1, max: 100, code: 'ValidationException' },
  {
    service: 'kms',
    operation: 'ListResourceTags',
    member: 'Limit',
    min: 1,
    max: 50,
    code: 'ValidationException',
    input: () => firstOf('kms', 'ListKeys', 'Keys', 'KeyId').then((KeyId) => ({ KeyId })),
  },
  { service: 'ecs', operation: 'ListClusters', member: 'maxResults', min: 1, max: 100, code: 'InvalidParameterException' },
  { service: 'eks', operation: 'ListClusters', member: 'maxResults', min: 1, max: 100, code: 'InvalidParameterException' },
  ...kmsKeyCases,
  ...['ListServices', 'ListTasks', 'ListContainerInstances'].map(
    (operation): Case => ({ service: 'ecs', operation, member: 'maxResults', min: 1, max: 100, code: 'InvalidParameterException', input: ecsCluster }),
  ),
  ...['ListNodegroups', 'ListFargateProfiles', 'ListAddons'].map(
    (operation): Case => ({ service: 'eks', operation, member: 'maxResults', min: 1, max: 100, code: 'InvalidParameterException', input: eksCluster }),
  ),
  { service: 's3', operation: 'ListBuckets', member: 'MaxBuckets', min: 1, max: 10_000, code: 'InvalidArgument' },
];

describe('page-size limits', () => {
  it('covers every paginated operation with a limit member that the sandbox serves', () => {
    const limited = Object.values(services).flatMap((service) =>
      Object.entries(serviceModels[service.name]?.paginators ?? {})
        .filter(([operation, paginator]) => paginator.limit_key && service.handlers[operation])
        .map(([operation, paginator]) => `${service.name}:${operation}:${paginator.limit_key}`),
    );
    expect(cases.map((c) => `${c.service}:${c.operation}:${c.member}`).sort()).toEqual(limited.sort());
  });

  for (const c of cases) {
    const label = `${c.service}:${c.operation} takes ${c.member} ${c.min}..${c.max} and rejects the rest with ${c.code}`;
    it(label, async () => {
      const base = (await c.input?.()) ?? {};
      const at = (value: number) => call(c.service, c.operation, { ...base, [c.member]: value }, c.universe);
      await expect(at(c.min)).resolves.toBeDefined();
      const rejected = [c.min - 1, c.min + 0.5];
      if (c.max === 'capped') {
        await expect(at(5000)).resolves.toBeDefined();
      } else {
        await expect(at(c.max)).resolves.toBeDefined();
        rejected.push(c.max + 1);
      }
      for (const value of rejected) {
        const error = await failureOf(() => at(value));
        expect(error.code, `${c.member}=${value}`).toBe(c.code);
        expect(error.status).toBe(400);
      }
    });
  }

  it('words the rejection as AWS request validation does, naming the member in lower camel case', async () => {
    const below = await failureOf(() => call('dynamodb', 'ListTables', { Limit: 0 }));
    expect(below.message).toBe(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    const above = await failureOf(() => call('iam', 'ListUsers', { MaxItems: 1001 }));
    expect(above.message).toBe(
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    const fraction = await failureOf(() => call('sqs', 'ListQueues', { MaxResults: 2.5 }));
    expect(fraction.message).toContain('Member must be a whole number between 1 and 1000');
  });

  it('checks the page size before looking anything up, as AWS validates input first', async () => {
    const rds = await failureOf(() => call('rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'no-such-db', MaxRecords: 5 }));
    expect(rds.code).toBe('InvalidParameterValue');
    const kms = await failureOf(() => call('kms', 'ListResourceTags', { KeyId: 'no-such-key', Limit: 0 }));
    expect(kms.code).toBe('ValidationException');
    const alias = await failureOf(() => call('kms', 'ListAliases', { KeyId: 'no-such-key', Limit: 101 }));
    expect(alias.code).toBe('ValidationException');
    const vpcs = await failureOf(() => call('ec2', 'DescribeSubnets', { SubnetIds: ['subnet-0000000000000000f'], MaxResults: 4 }));
    expect(vpcs.code).toBe('InvalidParameterValue');
  });
});

describe('EC2 MaxResults beside an id list', () => {
  const refused = [
    { operation: 'DescribeInstances', key: 'InstanceIds', id: 'i-0123456789abcdef0', wire: 'instancesSet' },
    { operation: 'DescribeVolumes', key: 'VolumeIds', id: 'vol-0123456789abcdef0', wire: 'volumeSet' },
    { operation: 'DescribeImages', key: 'ImageIds', id: 'ami-0123456789abcdef0', wire: 'imageIdsSet' },
    { operation: 'DescribeVpcs', key: 'VpcIds', id: 'vpc-0123456789abcdef0', wire: 'VpcIds' },
    { operation: 'DescribeNetworkInterfaces', key: 'NetworkInterfaceIds', id: 'eni-0123456789abcdef0', wire: 'networkInterfaceIdSet' },
  ];

  for (const r of refused) {
    it(`${r.operation} refuses MaxResults with ${r.key}, before the range and before the ids are looked up`, async () => {
      for (const MaxResults of [5, 2]) {
        const error = await failureOf(() => call('ec2', r.operation, { [r.key]: [r.id], MaxResults }));
        expect(error.code).toBe('InvalidParameterCombination');
        expect(error.message).toBe(`The parameter ${r.wire} cannot be used with the parameter maxResults`);
      }
      const empty = await failureOf(() => call('ec2', r.operation, { [r.key]: [r.id] }));
      expect(empty.code).not.toBe('InvalidParameterCombination');
    });
  }

  it('lets the other Describe calls page through the ids they are given', async () => {
    for (const [operation, resultKey, idKey, listKey] of [
      ['DescribeSecurityGroups', 'SecurityGroups', 'GroupId', 'GroupIds'],
      ['DescribeSubnets', 'Subnets', 'SubnetId', 'SubnetIds'],
    ] as const) {
      const all = (await call('ec2', operation, {}))[resultKey] as Array<Record<string, string>>;
      const ids = all.slice(0, 2).map((item) => item[idKey]);
      const page = await call('ec2', operation, { [listKey]: ids, MaxResults: 5 });
      expect((page[resultKey] as Array<Record<string, string>>).map((item) => item[idKey]).sort()).toEqual([...ids].sort());
    }
  });
});

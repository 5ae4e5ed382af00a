import { arnOf } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { trailArnAt } from './cloudtrail-names.js';
import { tableNameAt } from './dynamodb.js';
import { idOf, layoutOf, type Layout } from './ec2/layout.js';
import { clusterNameAt as ecsClusterName } from './ecs-clusters.js';
import { clusterNameAt as eksClusterName } from './eks-clusters.js';
import { groupAt } from './iam/groups.js';
import { localPolicyAt } from './iam/local-policies.js';
import { fixedRoles, roleAt } from './iam/roles.js';
import { userAt } from './iam/users.js';
import { keyArnAt } from './kms/keys.js';
import { functionNameAt } from './lambda-functions.js';
import { clusterIdentifier, standaloneIdentifier } from './rds/data.js';
import { bucketName } from './s3/names.js';
import { topicArnAt } from './sns.js';
import { queueArnAt } from './sqs.js';

/**
 * What CloudTrail says about each kind that --scale drives: the event source, the resource type and
 * name LookupEvents reports, and the call that deletes one (for removals). Names are the services'
 * own, so an event's ResourceName is what the SDK lists.
 */
export interface KindEventSpec {
  source: string;
  resourceType: string;
  /**
   * The ResourceName of share item j in the cell as it is now. `stable` kinds name j alone; EC2
   * families laid out after other families (extra volumes after root volumes) name it from the
   * current layout, so generated events only reference stable kinds.
   */
  nameAt(universe: Universe, cell: Cell, j: number): string;
  stable: boolean;
  deleteEvent: string;
  /** Resources per deletion call: TerminateInstances takes up to 1,000 ids, other deletions one. */
  batch: number;
  deleteParams(names: readonly string[], cell: Cell): Record<string, unknown>;
}

type Ec2Family = Parameters<typeof idOf>[1];

/** An EC2 family whose share item j sits at index `offset(layout) + j` of its listing. */
function ec2(
  family: Ec2Family,
  resourceType: string,
  deleteEvent: string,
  param: string,
  offset: ((layout: Layout) => number) | number,
): KindEventSpec {
  return {
    source: 'ec2.amazonaws.com',
    resourceType,
    stable: typeof offset === 'number',
    nameAt: (universe, cell, j) => {
      const layout = layoutOf(universe, cell);
      return idOf(layout, family, (typeof offset === 'number' ? offset : offset(layout)) + j);
    },
    deleteEvent,
    batch: 1,
    deleteParams: (names) => ({ [param]: names[0] }),
  };
}

function simple(
  source: string,
  resourceType: string,
  deleteEvent: string,
  nameAt: KindEventSpec['nameAt'],
  deleteParams: (name: string, cell: Cell) => Record<string, unknown>,
): KindEventSpec {
  return { source, resourceType, nameAt, stable: true, deleteEvent, batch: 1, deleteParams: (names, cell) => deleteParams(names[0] ?? '', cell) };
}

function lastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

export const kindEvents: Readonly<Record<string, KindEventSpec>> = {
  'ec2.instance': {
    ...ec2('instance', 'AWS::EC2::Instance', 'TerminateInstances', 'instanceId', 0),
    batch: 1000,
    deleteParams: (names) => ({ instancesSet: { items: names.map((instanceId) => ({ instanceId })) } }),
  },
  'ec2.vpc': ec2('vpc', 'AWS::EC2::VPC', 'DeleteVpc', 'vpcId', 1),
  'ec2.subnet': ec2('subnet', 'AWS::EC2::Subnet', 'DeleteSubnet', 'subnetId', 3),
  'ec2.security_group': ec2('securityGroup', 'AWS::EC2::SecurityGroup', 'DeleteSecurityGroup', 'groupId', (l) => l.vpcs),
  'ec2.volume': ec2('volume', 'AWS::EC2::Volume', 'DeleteVolume', 'volumeId', (l) => l.instances),
  'ec2.network_interface': ec2('networkInterface', 'AWS::EC2::NetworkInterface', 'DeleteNetworkInterface', 'networkInterfaceId', (l) => l.instances + l.natGateways),
  'ec2.internet_gateway': ec2('internetGateway', 'AWS::EC2::InternetGateway', 'DeleteInternetGateway', 'internetGatewayId', 1),
  'ec2.nat_gateway': ec2('natGateway', 'AWS::EC2::NatGateway', 'DeleteNatGateway', 'natGatewayId', 0),
  'ec2.route_table': ec2('routeTable', 'AWS::EC2::RouteTable', 'DeleteRouteTable', 'routeTableId', (l) => l.vpcs),
  'ec2.eip': ec2('address', 'AWS::EC2::EIP', 'ReleaseAddress', 'allocationId', 0),
  'ec2.image': ec2('image', 'AWS::EC2::Ami', 'DeregisterImage', 'imageId', 0),
  's3.bucket': simple('s3.amazonaws.com', 'AWS::S3::Bucket', 'DeleteBucket', (u, c, j) => bucketName(u, c, j), (name, cell) => ({
    bucketName: name,
    Host: `${name}.s3.${cell.region}.amazonaws.com`,
  })),
  'iam.user': simple('iam.amazonaws.com', 'AWS::IAM::User', 'DeleteUser', (u, c, j) => userAt(u, c, 1 + j).UserName, (userName) => ({ userName })),
  'iam.role': simple(
    'iam.amazonaws.com',
    'AWS::IAM::Role',
    'DeleteRole',
    (u, c, j) => roleAt(u, c, fixedRoles(u, c.accountId).length + j).RoleName,
    (roleName) => ({ roleName }),
  ),
  'iam.group': simple('iam.amazonaws.com', 'AWS::IAM::Group', 'DeleteGroup', (u, c, j) => groupAt(u, c, j).GroupName, (groupName) => ({ groupName })),
  'iam.policy': simple('iam.amazonaws.com', 'AWS::IAM::Policy', 'DeletePolicy', (u, c, j) => localPolicyAt(u, c, j).Arn, (policyArn) => ({ policyArn })),
  'lambda.function': simple('lambda.amazonaws.com', 'AWS::Lambda::Function', 'DeleteFunction20150331', (u, c, j) => functionNameAt(u, c, j), (functionName) => ({
    functionName,
  })),
  'rds.db_instance': simple('rds.amazonaws.com', 'AWS::RDS::DBInstance', 'DeleteDBInstance', (u, c, j) => standaloneIdentifier(u, c, j), (id) => ({
    dBInstanceIdentifier: id,
    skipFinalSnapshot: true,
    deleteAutomatedBackups: true,
  })),
  'rds.db_cluster': simple('rds.amazonaws.com', 'AWS::RDS::DBCluster', 'DeleteDBCluster', (u, c, j) => clusterIdentifier(u, c, j), (id) => ({
    dBClusterIdentifier: id,
    skipFinalSnapshot: true,
  })),
  'dynamodb.table': simple('dynamodb.amazonaws.com', 'AWS::DynamoDB::Table', 'DeleteTable', (u, c, j) => tableNameAt(u, c, j), (tableName) => ({ tableName })),
  'sqs.queue': simple('sqs.amazonaws.com', 'AWS::SQS::Queue', 'DeleteQueue', (u, c, j) => queueArnAt(u, c, j), (arn, cell) => ({
    queueUrl: `https://sqs.${cell.region}.amazonaws.com/${cell.accountId}/${lastPart(arn)}`,
  })),
  'sns.topic': simple('sns.amazonaws.com', 'AWS::SNS::Topic', 'DeleteTopic', (u, c, j) => topicArnAt(u, c, j), (topicArn) => ({ topicArn })),
  'kms.key': {
    // Customer keys come first; a multi-Region key's id depends on the count, so the name is not stable.
    ...simple('kms.amazonaws.com', 'AWS::KMS::Key', 'ScheduleKeyDeletion', (u, c, j) => keyArnAt(u, c, j), (keyArn) => ({
      keyId: keyArn,
      pendingWindowInDays: 30,
    })),
    stable: false,
  },
  'ecs.cluster': simple(
    'ecs.amazonaws.com',
    'AWS::ECS::Cluster',
    'DeleteCluster',
    (u, c, j) => arnOf('ecs', c.region, c.accountId, `cluster/${ecsClusterName(u, c, j)}`),
    (arn) => ({ cluster: arn }),
  ),
  'eks.cluster': simple('eks.amazonaws.com', 'AWS::EKS::Cluster', 'DeleteCluster', (u, c, j) => eksClusterName(u, c, j), (name) => ({ name })),
  'cloudtrail.trail': simple('cloudtrail.amazonaws.com', 'AWS::CloudTrail::Trail', 'DeleteTrail', (u, c, j) => trailArnAt(u, c, j), (name) => ({ name })),
};

/** Global kinds' events are recorded in us-east-1, as AWS records IAM's. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

export function eventCellOf(cell: Cell): Cell {
  return cell.region === 'global' ? { accountId: cell.accountId, region: GLOBAL_EVENTS_REGION } : cell;
}

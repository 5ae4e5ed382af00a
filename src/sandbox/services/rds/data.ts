import { apps, arnOf, createdAt, environmentOf, tagsFor, teams } from '../../data/common.js';
import { base32Id, indexedName, type Cell } from '../../data/ids.js';
import { hexOf, intBetween, pick, unit } from '../../data/random.js';
import { availabilityZones } from '../../data/regions.js';
import type { Universe } from '../../data/universe.js';
import type { Tag } from '../lookup.js';
import { encryptionKeyArn } from '../kms/keys.js';
import { managedKeyArn, placementFor } from '../placement.js';
import type { Output } from '../service.js';
import { clusterEngines, defaultOptionGroup, family, instanceEngines, type Engine } from './engines.js';
import { CLUSTER_KIND, INSTANCE_KIND, memberCount, slotOf, type RdsLayout } from './layout.js';

/** What a standalone instance and an Aurora cluster have in common, and what members inherit. */
interface Database {
  identifier: string;
  engine: Engine;
  version: string;
  created: Date;
  team: string;
  app: string;
  subnetGroup?: Output;
  zones: string[];
  securityGroupIds: string[];
  kmsKeyId?: string;
  backupWindow: string;
  maintenanceWindow: string;
  production: boolean;
  tags: Tag[];
  roll: (decision: string) => number;
}

/** RDS resource ids (`db-...`, `cluster-...`): 26 base32 characters. */
function resourceId(prefix: string, ...parts: Array<string | number>): string {
  return base32Id(`${prefix}-`, prefix.length + 27, ...parts);
}

/** RDS endpoints share a random label per account and region: `<id>.<label>.<region>.rds.amazonaws.com`. */
function endpointHost(universe: Universe, cell: Cell, name: string): string {
  return `${name}.${hexOf(12, universe.seed, cell.accountId, cell.region, 'rds-endpoint')}.${cell.region}.rds.amazonaws.com`;
}

function hostedZoneId(region: string): string {
  return `Z${hexOf(13, 'rds-hosted-zone', region).toUpperCase()}`;
}

/** The engine of item `index` of a kind: standalone instances and Aurora clusters draw from their own lists. */
export function engineAt(universe: Universe, cell: Cell, kind: string, index: number): Engine {
  return pick(kind === CLUSTER_KIND ? clusterEngines : instanceEngines, universe.seed, cell.accountId, cell.region, kind, index, 'engine');
}

export function engineVersionAt(universe: Universe, cell: Cell, kind: string, index: number): string {
  return pick(engineAt(universe, cell, kind, index).versions, universe.seed, cell.accountId, cell.region, kind, index, 'version');
}

/** The instance class of a cluster's members; `db.serverless` makes it an Aurora Serverless v2 cluster. */
export function clusterInstanceClass(universe: Universe, cell: Cell, cluster: number): string {
  return pick(engineAt(universe, cell, CLUSTER_KIND, cluster).classes, universe.seed, cell.accountId, cell.region, CLUSTER_KIND, cluster, 'class');
}

function identifierAt(universe: Universe, cell: Cell, kind: string, index: number): string {
  const seed = universe.seed;
  const team = pick(teams, seed, cell.accountId, kind, index, 'team');
  const app = pick(apps, seed, cell.accountId, cell.region, kind, index, 'app');
  return indexedName(`${team}-${app}-${engineAt(universe, cell, kind, index).short}`, index);
}

export function standaloneIdentifier(universe: Universe, cell: Cell, index: number): string {
  return identifierAt(universe, cell, INSTANCE_KIND, index);
}

export function clusterIdentifier(universe: Universe, cell: Cell, cluster: number): string {
  return identifierAt(universe, cell, CLUSTER_KIND, cluster);
}

/** Aurora members are named as the console names them: the cluster's name and a number. */
function memberIdentifier(universe: Universe, cell: Cell, cluster: number, member: number): string {
  return `${clusterIdentifier(universe, cell, cluster)}-instance-${member + 1}`;
}

function instanceArn(cell: Cell, identifier: string): string {
  return arnOf('rds', cell.region, cell.accountId, `db:${identifier}`);
}

export function clusterArn(cell: Cell, identifier: string): string {
  return arnOf('rds', cell.region, cell.accountId, `cluster:${identifier}`);
}

function database(universe: Universe, cell: Cell, kind: string, index: number): Database {
  const seed = universe.seed;
  const roll = (decision: string) => unit(seed, cell.accountId, cell.region, kind, index, decision);
  const identifier = identifierAt(universe, cell, kind, index);
  const engine = engineAt(universe, cell, kind, index);
  const placement = placementFor(universe, cell, kind, index);
  const zones = placement ? [...new Set(placement.subnets.map((s) => s.availabilityZone))] : availabilityZones(cell.region);
  const [team = 'platform', app = 'db'] = identifier.split('-');
  // Encrypted databases use a customer key a third of the time, else the AWS managed aws/rds key.
  const kmsKeyId =
    roll('encrypted') < 0.8
      ? ((roll('custom-key') < 0.35 ? encryptionKeyArn(universe, cell, kind, index) : undefined) ?? managedKeyArn(universe, cell, 'alias/aws/rds'))
      : undefined;
  return {
    identifier,
    engine,
    version: engineVersionAt(universe, cell, kind, index),
    created: createdAt(seed, cell, kind, index),
    team,
    app,
    ...(placement
      ? {
          subnetGroup: {
            // One group per VPC, named as RDS names the group it creates for a VPC.
            DBSubnetGroupName: `default-${placement.vpcId}`,
            DBSubnetGroupDescription: `Created from the RDS Management Console`,
            VpcId: placement.vpcId,
            SubnetGroupStatus: 'Complete',
            Subnets: placement.subnets.map((s) => ({
              SubnetIdentifier: s.subnetId,
              SubnetAvailabilityZone: { Name: s.availabilityZone },
              SubnetOutpost: {},
              SubnetStatus: 'Active',
            })),
            SupportedNetworkTypes: ['IPV4'],
          },
        }
      : {}),
    zones,
    securityGroupIds: placement?.securityGroupIds ?? [],
    ...(kmsKeyId ? { kmsKeyId } : {}),
    backupWindow: pick(['03:00-03:30', '05:17-05:47', '07:41-08:11', '09:00-09:30', '22:10-22:40'], seed, cell.accountId, kind, index, 'backup'),
    maintenanceWindow: pick(
      ['sun:05:00-sun:05:30', 'mon:03:12-mon:03:42', 'sat:23:00-sun:00:00', 'wed:07:30-wed:08:00'],
      seed,
      cell.accountId,
      kind,
      index,
      'maintenance',
    ),
    production: environmentOf(universe, cell.accountId) === 'production',
    tags: tagsFor(universe, cell, kind, index),
    roll,
  };
}

/** The fields an instance shares with its cluster or takes from its own database settings. */
function instanceBase(universe: Universe, cell: Cell, db: Database, identifier: string, resourceParts: Array<string | number>): Output {
  const dbiResourceId = resourceId('db', universe.seed, ...resourceParts);
  const certificateValidTill = new Date(Date.UTC(2061, 4, 25, 23, 34, 57));
  const output: Output = {
    DBInstanceIdentifier: identifier,
    DBInstanceArn: instanceArn(cell, identifier),
    DbiResourceId: dbiResourceId,
    Engine: db.engine.engine,
    EngineVersion: db.version,
    DBInstanceStatus: 'available',
    MasterUsername: db.engine.masterUsername,
    Endpoint: { Address: endpointHost(universe, cell, identifier), Port: db.engine.port, HostedZoneId: hostedZoneId(cell.region) },
    InstanceCreateTime: db.created,
    PreferredBackupWindow: db.backupWindow,
    PreferredMaintenanceWindow: db.maintenanceWindow,
    DBSecurityGroups: [],
    VpcSecurityGroups: db.securityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    DBParameterGroups: [{ DBParameterGroupName: `default.${family(db.engine.engine, db.version)}`, ParameterApplyStatus: 'in-sync' }],
    PendingModifiedValues: {},
    AutoMinorVersionUpgrade: true,
    ReadReplicaDBInstanceIdentifiers: [],
    LicenseModel: db.engine.licenseModel,
    OptionGroupMemberships: [{ OptionGroupName: defaultOptionGroup(db.engine.engine, db.version), Status: 'in-sync' }],
    PubliclyAccessible: false,
    StorageEncrypted: db.kmsKeyId !== undefined,
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    CertificateDetails: { CAIdentifier: 'rds-ca-rsa2048-g1', ValidTill: certificateValidTill },
    DomainMemberships: [],
    // Enhanced monitoring needs an rds-monitoring role, which the generated IAM data does not have.
    MonitoringInterval: 0,
    IAMDatabaseAuthenticationEnabled: db.roll('iam-auth') < 0.2,
    PerformanceInsightsEnabled: db.roll('insights') < 0.4,
    DeletionProtection: db.production,
    AssociatedRoles: [],
    CustomerOwnedIpEnabled: false,
    BackupTarget: 'region',
    NetworkType: 'IPV4',
    StorageThroughput: 0,
    DedicatedLogVolume: false,
    IsStorageConfigUpgradeAvailable: false,
    TagList: db.tags,
  };
  if (db.subnetGroup) output.DBSubnetGroup = db.subnetGroup;
  if (db.kmsKeyId) output.KmsKeyId = db.kmsKeyId;
  if (output.PerformanceInsightsEnabled && db.kmsKeyId) {
    output.PerformanceInsightsKMSKeyId = db.kmsKeyId;
    output.PerformanceInsightsRetentionPeriod = 7;
  }
  return output;
}

function buildStandalone(universe: Universe, cell: Cell, index: number): Output {
  const db = database(universe, cell, INSTANCE_KIND, index);
  const output = instanceBase(universe, cell, db, db.identifier, [cell.accountId, cell.region, INSTANCE_KIND, index]);
  const multiAz = db.roll('multi-az') < (db.production ? 0.7 : 0.15);
  const storage = pick([20, 20, 50, 100, 200, 500, 1000], universe.seed, cell.accountId, cell.region, INSTANCE_KIND, index, 'storage');
  const storageType = db.roll('storage-type') < 0.6 ? 'gp3' : db.roll('storage-type') < 0.9 ? 'gp2' : 'io1';
  const zone = Math.floor(db.roll('zone') * db.zones.length);
  Object.assign(output, {
    DBInstanceClass: pick(db.engine.classes, universe.seed, cell.accountId, cell.region, INSTANCE_KIND, index, 'class'),
    AllocatedStorage: storage,
    StorageType: storageType,
    AvailabilityZone: db.zones[zone] ?? `${cell.region}a`,
    MultiAZ: multiAz,
    BackupRetentionPeriod: pick([1, 7, 7, 14, 35], universe.seed, cell.accountId, INSTANCE_KIND, index, 'retention'),
    CopyTagsToSnapshot: db.roll('copy-tags') < 0.7,
    DbInstancePort: 0,
    EngineLifecycleSupport: 'open-source-rds-extended-support',
  });
  if (!db.engine.engine.startsWith('sqlserver')) output.DBName = db.app.replace(/-/g, '_');
  if (multiAz) output.SecondaryAvailabilityZone = db.zones[(zone + 1) % db.zones.length] ?? `${cell.region}b`;
  if (storageType === 'gp3') {
    // gp3 volumes of 400 GiB and more get 12,000 IOPS and 500 MiB/s as baseline, smaller ones 3,000 and 125.
    output.Iops = storage >= 400 ? 12_000 : 3_000;
    output.StorageThroughput = storage >= 400 ? 500 : 125;
  }
  if (storageType === 'io1') output.Iops = intBetween(10, 40, universe.seed, cell.accountId, INSTANCE_KIND, index, 'iops') * 1000;
  if (db.roll('autoscale') < 0.4) output.MaxAllocatedStorage = storage * 5;
  if (db.roll('logs') < 0.5) output.EnabledCloudwatchLogsExports = [...db.engine.logs];
  return output;
}

function clusterDatabase(universe: Universe, cell: Cell, cluster: number): Database & { instanceClass: string } {
  return { ...database(universe, cell, CLUSTER_KIND, cluster), instanceClass: clusterInstanceClass(universe, cell, cluster) };
}

function buildMember(universe: Universe, cell: Cell, cluster: number, member: number): Output {
  const db = clusterDatabase(universe, cell, cluster);
  const identifier = memberIdentifier(universe, cell, cluster, member);
  const output = instanceBase(universe, cell, db, identifier, [cell.accountId, cell.region, CLUSTER_KIND, cluster, 'member', member]);
  Object.assign(output, {
    DBClusterIdentifier: db.identifier,
    DBInstanceClass: db.instanceClass,
    // Aurora storage belongs to the cluster; its instances report 1 GiB of 'aurora' storage.
    AllocatedStorage: 1,
    StorageType: 'aurora',
    AvailabilityZone: db.zones[member % db.zones.length] ?? `${cell.region}a`,
    MultiAZ: false,
    PromotionTier: 1,
    BackupRetentionPeriod: 7,
    CopyTagsToSnapshot: false,
    DbInstancePort: 0,
  });
  return output;
}

/** Instance `index` of the cell: a standalone instance or an Aurora cluster member (see layout.ts). */
export function buildInstance(universe: Universe, cell: Cell, layout: RdsLayout, index: number): Output {
  const slot = slotOf(layout, index);
  return slot.kind === 'standalone'
    ? buildStandalone(universe, cell, slot.index)
    : buildMember(universe, cell, slot.cluster, slot.member);
}

export function buildCluster(universe: Universe, cell: Cell, cluster: number): Output {
  const db = clusterDatabase(universe, cell, cluster);
  const seed = universe.seed;
  const label = hexOf(12, seed, cell.accountId, cell.region, 'rds-endpoint');
  const members = memberCount(cluster);
  const serverless = db.instanceClass === 'db.serverless';
  const output: Output = {
    DBClusterIdentifier: db.identifier,
    DBClusterArn: clusterArn(cell, db.identifier),
    DbClusterResourceId: resourceId('cluster', seed, cell.accountId, cell.region, CLUSTER_KIND, cluster),
    Engine: db.engine.engine,
    EngineVersion: db.version,
    EngineMode: 'provisioned',
    Status: 'available',
    AllocatedStorage: 1,
    AvailabilityZones: db.zones,
    BackupRetentionPeriod: 7,
    DatabaseName: db.app.replace(/-/g, '_'),
    DBClusterParameterGroup: `default.${family(db.engine.engine, db.version)}`,
    Endpoint: `${db.identifier}.cluster-${label}.${cell.region}.rds.amazonaws.com`,
    ReaderEndpoint: `${db.identifier}.cluster-ro-${label}.${cell.region}.rds.amazonaws.com`,
    MultiAZ: members > 1,
    Port: db.engine.port,
    MasterUsername: db.engine.masterUsername,
    PreferredBackupWindow: db.backupWindow,
    PreferredMaintenanceWindow: db.maintenanceWindow,
    ReadReplicaIdentifiers: [],
    DBClusterMembers: Array.from({ length: members }, (_, member) => ({
      DBInstanceIdentifier: memberIdentifier(universe, cell, cluster, member),
      IsClusterWriter: member === 0,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    })),
    VpcSecurityGroups: db.securityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    HostedZoneId: hostedZoneId(cell.region),
    StorageEncrypted: db.kmsKeyId !== undefined,
    IAMDatabaseAuthenticationEnabled: db.roll('iam-auth') < 0.2,
    ClusterCreateTime: db.created,
    DeletionProtection: db.production,
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: true,
    CrossAccountClone: false,
    DomainMemberships: [],
    AssociatedRoles: [],
    TagList: db.tags,
    AutoMinorVersionUpgrade: true,
    NetworkType: 'IPV4',
    StorageType: db.roll('io-optimized') < 0.2 ? 'aurora-iopt1' : 'aurora',
    EngineLifecycleSupport: 'open-source-rds-extended-support',
  };
  if (db.subnetGroup) output.DBSubnetGroup = db.subnetGroup.DBSubnetGroupName;
  if (db.kmsKeyId) output.KmsKeyId = db.kmsKeyId;
  if (db.roll('logs') < 0.5) output.EnabledCloudwatchLogsExports = [...db.engine.logs];
  if (serverless) output.ServerlessV2ScalingConfiguration = { MinCapacity: 0.5, MaxCapacity: pick([4, 8, 16, 64], seed, cell.accountId, CLUSTER_KIND, cluster, 'acu') };
  return output;
}

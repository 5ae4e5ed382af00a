import { arnOf, createdAt, environmentOf, tagsFor, teams } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, hexOf, pick, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { idOf, indexOfId, layoutOf } from './ec2/layout.js';
import { indexOfName, requiredString, tagMap } from './lookup.js';
import { listClusters } from './list-clusters.js';
import { encryptionKeyArn } from './kms/keys.js';
import { placementFor, serviceRoleArn } from './placement.js';
import { defineService, notFound, type KindCount, type Output } from './service.js';

const KIND = 'eks.cluster';

/** eks.cluster: exactly the scale-driven clusters. */
export const kinds: KindCount[] = [{ kind: KIND, scope: 'regional', count: clusterCount }];

/** Kubernetes versions in use and the EKS platform version each is at; the oldest are in extended support. */
const versions: ReadonlyArray<{ version: string; platform: string; extended: boolean }> = [
  { version: '1.27', platform: 'eks.24', extended: true },
  { version: '1.28', platform: 'eks.20', extended: true },
  { version: '1.29', platform: 'eks.16', extended: false },
  { version: '1.30', platform: 'eks.12', extended: false },
  { version: '1.31', platform: 'eks.6', extended: false },
];

const logTypes = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const shortEnvironment: Record<string, string> = { production: 'prod', staging: 'stg', development: 'dev' };

export function clusterCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, KIND);
}

function traits(universe: Universe, cell: Cell, index: number): number {
  return hash32(universe.seed, cell.accountId, cell.region, KIND, index, 'traits');
}

export function clusterNameAt(universe: Universe, cell: Cell, index: number): string {
  const team = pick(teams, universe.seed, cell.accountId, KIND, index, 'team');
  const environment = environmentOf(universe, cell.accountId);
  return indexedName(`${team}-${shortEnvironment[environment] ?? environment}`, index);
}

/** A PEM certificate's base64 body: the shape kubeconfig files carry, not a parseable certificate. */
function certificateData(universe: Universe, cell: Cell, index: number): string {
  const body = Buffer.from(hexOf(1_000, universe.seed, cell.accountId, cell.region, KIND, index, 'ca'), 'hex').toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  const pem = `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  return Buffer.from(pem).toString('base64');
}

function vpcConfig(universe: Universe, cell: Cell, index: number, roll: number): Output {
  const placement = placementFor(universe, cell, KIND, index);
  const layout = layoutOf(universe, cell);
  const vpc = placement ? indexOfId(layout, 'vpc', placement.vpcId, layout.vpcs) : undefined;
  const publicAccess = roll % 5 !== 0;
  return {
    subnetIds: placement?.subnets.map((s) => s.subnetId) ?? [],
    securityGroupIds: placement?.securityGroupIds ?? [],
    // EKS creates a cluster security group; the sandbox names the VPC's default group so the id resolves in EC2.
    ...(vpc !== undefined ? { clusterSecurityGroupId: idOf(layout, 'securityGroup', vpc) } : {}),
    ...(placement ? { vpcId: placement.vpcId } : {}),
    endpointPublicAccess: publicAccess,
    endpointPrivateAccess: !publicAccess || (roll >>> 2) % 2 === 0,
    publicAccessCidrs: publicAccess ? ['0.0.0.0/0'] : [],
  };
}

function clusterAt(universe: Universe, cell: Cell, index: number): Output {
  const seed = universe.seed;
  const name = clusterNameAt(universe, cell, index);
  const roll = traits(universe, cell, index);
  const release = pick(versions, seed, cell.accountId, KIND, index, 'version');
  const host = hexOf(32, seed, cell.accountId, cell.region, KIND, index, 'endpoint').toUpperCase();
  const enabledLogs = logTypes.filter((_, n) => (roll >>> (10 + n)) % 2 === 0);
  const disabledLogs = logTypes.filter((type) => !enabledLogs.includes(type));
  const keyArn = (roll >>> 16) % 2 === 0 ? encryptionKeyArn(universe, cell, KIND, index) : undefined;
  return {
    name,
    arn: arnOf('eks', cell.region, cell.accountId, `cluster/${name}`),
    createdAt: createdAt(seed, cell, KIND, index),
    version: release.version,
    endpoint: `https://${host}.gr7.${cell.region}.eks.amazonaws.com`,
    roleArn: serviceRoleArn(universe, cell.accountId, 'eks-cluster-role', cell.region, KIND, index),
    resourcesVpcConfig: vpcConfig(universe, cell, index, roll),
    kubernetesNetworkConfig: { serviceIpv4Cidr: (roll >>> 18) % 2 === 0 ? '10.100.0.0/16' : '172.20.0.0/16', ipFamily: 'ipv4' },
    logging: {
      // EKS reports the enabled and the disabled log types as two groups.
      clusterLogging: [
        ...(enabledLogs.length > 0 ? [{ types: enabledLogs, enabled: true }] : []),
        ...(disabledLogs.length > 0 ? [{ types: disabledLogs, enabled: false }] : []),
      ],
    },
    identity: { oidc: { issuer: `https://oidc.eks.${cell.region}.amazonaws.com/id/${host}` } },
    status: 'ACTIVE',
    certificateAuthority: { data: certificateData(universe, cell, index) },
    platformVersion: release.platform,
    tags: tagMap(tagsFor(universe, cell, KIND, index)),
    ...(keyArn ? { encryptionConfig: [{ resources: ['secrets'], provider: { keyArn } }] } : {}),
    health: { issues: [] },
    accessConfig: { authenticationMode: pick(['API_AND_CONFIG_MAP', 'CONFIG_MAP', 'API'], seed, cell.accountId, KIND, index, 'auth') },
    upgradePolicy: { supportType: release.extended ? 'EXTENDED' : 'STANDARD' },
    id: uuidOf(seed, cell.accountId, cell.region, KIND, index, 'id'),
  };
}

export const eksService = defineService({
  name: 'eks',
  kinds,
  handlers: {
    ListClusters: (input, ctx) => listClusters(input, ctx, clusterCount, clusterNameAt),

    DescribeCluster(input, ctx) {
      const name = requiredString(input, 'name', 'InvalidParameterException');
      const index = indexOfName(name, clusterCount(ctx.universe, ctx.cell), (i) => clusterNameAt(ctx.universe, ctx.cell, i));
      if (index === undefined) throw notFound('ResourceNotFoundException', `No cluster found for name: ${name}.`);
      return { cluster: clusterAt(ctx.universe, ctx.cell, index) };
    },
  },
});

import { tagsFor } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { hash32, hexOf, pick, uuidOf } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { idOf, indexOfId, layoutOf } from './ec2/layout.js';
import { addonHandlers, addonKinds } from './eks-addons.js';
import { CLUSTER_KIND as KIND, clusterCount, clusterFromInput, clusterNameAt, eksClusterAt } from './eks-clusters.js';
import { fargateProfileHandlers, fargateProfileKinds } from './eks-fargate-profiles.js';
import { nodegroupHandlers, nodegroupKinds } from './eks-nodegroups.js';
import { tagMap } from './lookup.js';
import { listClusters } from './list-clusters.js';
import { encryptionKeyArn } from './kms/keys.js';
import { serviceRoleArn, type Placement } from './placement.js';
import { defineService, type KindCount, type Output } from './service.js';

/** eks.cluster: exactly the scale-driven clusters; node groups, Fargate profiles and add-ons are counted over them. */
export const kinds: KindCount[] = [
  { kind: KIND, scope: 'regional', count: clusterCount },
  ...nodegroupKinds,
  ...fargateProfileKinds,
  ...addonKinds,
];

const logTypes = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

function traits(universe: Universe, cell: Cell, index: number): number {
  return hash32(universe.seed, cell.accountId, cell.region, KIND, index, 'traits');
}

/** A PEM certificate's base64 body: the shape kubeconfig files carry, not a parseable certificate. */
function certificateData(universe: Universe, cell: Cell, index: number): string {
  const body = Buffer.from(hexOf(1_000, universe.seed, cell.accountId, cell.region, KIND, index, 'ca'), 'hex').toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  const pem = `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  return Buffer.from(pem).toString('base64');
}

function vpcConfig(universe: Universe, cell: Cell, placement: Placement | undefined, roll: number): Output {
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
  const facts = eksClusterAt(universe, cell, index);
  const { name, release } = facts;
  const roll = traits(universe, cell, index);
  const host = hexOf(32, seed, cell.accountId, cell.region, KIND, index, 'endpoint').toUpperCase();
  const enabledLogs = logTypes.filter((_, n) => (roll >>> (10 + n)) % 2 === 0);
  const disabledLogs = logTypes.filter((type) => !enabledLogs.includes(type));
  const keyArn = (roll >>> 16) % 2 === 0 ? encryptionKeyArn(universe, cell, KIND, index) : undefined;
  return {
    name,
    arn: facts.arn,
    createdAt: facts.created,
    version: release.version,
    endpoint: `https://${host}.gr7.${cell.region}.eks.amazonaws.com`,
    roleArn: serviceRoleArn(universe, cell.accountId, 'eks-cluster-role', cell.region, KIND, index),
    resourcesVpcConfig: vpcConfig(universe, cell, facts.placement, roll),
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
      return { cluster: clusterAt(ctx.universe, ctx.cell, clusterFromInput(input, ctx, 'name').index) };
    },

    ...nodegroupHandlers,
    ...fargateProfileHandlers,
    ...addonHandlers,
  },
});

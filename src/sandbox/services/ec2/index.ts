import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { defineService, type KindCount } from '../service.js';
import { describeAddresses } from './addresses.js';
import { describeInternetGateways, describeNatGateways } from './gateways.js';
import { describeImages } from './images.js';
import { describeInstances } from './instances.js';
import { countRules, isLiveCell } from './layout.js';
import { describeNetworkInterfaces } from './network-interfaces.js';
import { describeRegions } from './regions.js';
import { describeRouteTables } from './route-tables.js';
import { describeSecurityGroups } from './security-groups.js';
import { describeVolumes } from './volumes.js';
import { describeSubnets, describeVpcs } from './vpcs.js';

/**
 * Ground truth per cell (rules in layout.ts). Beyond the scale-driven share, every usable region
 * has a default VPC with three default subnets, a default security group and a main route table
 * per VPC, an internet gateway on the default VPC; every instance has a root volume and a primary
 * interface, every NAT gateway an interface. Public AMIs are not the account's and not counted.
 */
const ec2Kinds: KindCount[] = Object.entries(countRules).map(([kind, rule]) => ({
  kind,
  scope: 'regional',
  count: (universe: Universe, cell: Cell) => rule((k) => universe.allocated(cell, k), isLiveCell(universe, cell) ? 1 : 0),
}));

export const ec2Service = defineService({
  name: 'ec2',
  kinds: ec2Kinds,
  handlers: {
    DescribeAddresses: describeAddresses,
    DescribeImages: describeImages,
    DescribeInstances: describeInstances,
    DescribeInternetGateways: describeInternetGateways,
    DescribeNatGateways: describeNatGateways,
    DescribeNetworkInterfaces: describeNetworkInterfaces,
    DescribeRegions: describeRegions,
    DescribeRouteTables: describeRouteTables,
    DescribeSecurityGroups: describeSecurityGroups,
    DescribeSubnets: describeSubnets,
    DescribeVolumes: describeVolumes,
    DescribeVpcs: describeVpcs,
  },
});

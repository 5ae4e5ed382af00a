import { hexIdMaker, parseHexId, type Cell } from '../../data/ids.js';
import { hash32, unit } from '../../data/random.js';
import { availabilityZones } from '../../data/regions.js';
import type { Universe } from '../../data/universe.js';
import { cidrSize, ipv4, usableAddresses, type Cidr } from './net.js';

/**
 * How many EC2 resources of each family a cell holds, their ids, and where they sit (VPC and
 * subnet geometry, addresses); attachments.ts builds who-uses-what on top of it. Other services
 * place their resources into these VPCs and subnets through this file.
 * Nothing here stores items: every cross-reference (an instance's subnet, a volume's instance) is
 * a formula over indexes, so both sides of a reference agree without any table in memory.
 *
 * Index conventions per cell (I instances, N NAT gateways, V VPCs, S subnets):
 * - VPC 0 is the default VPC; VPCs 1.. are custom.
 * - subnets 0..2 are the default VPC's default subnets (one per zone); extra subnets follow.
 * - security group g < V and route table r < V are VPC g's default group and main table.
 * - internet gateway 0 is attached to the default VPC; extra gateway e to custom VPC 1+e if any.
 * - volume n < I is instance n's root volume; network interface n < I is instance n's primary
 *   interface, I <= n < I+N belongs to NAT gateway n-I; extra items follow.
 */
export interface Layout {
  readonly universe: Universe;
  readonly cell: Cell;
  readonly seed: number;
  readonly instances: number;
  readonly customVpcs: number;
  readonly vpcs: number;
  readonly extraSubnets: number;
  readonly subnets: number;
  readonly extraSecurityGroups: number;
  readonly securityGroups: number;
  readonly extraVolumes: number;
  readonly volumes: number;
  readonly natGateways: number;
  readonly extraNetworkInterfaces: number;
  readonly networkInterfaces: number;
  readonly extraInternetGateways: number;
  readonly internetGateways: number;
  readonly extraRouteTables: number;
  readonly routeTables: number;
  readonly addresses: number;
  readonly images: number;
  /** Id makers per family, built on first use; a layout lives for one request. */
  readonly idMakers: Map<IdFamily, (index: number) => string>;
}

type Allocated = (kind: string) => number;

/**
 * The truth per kind: the scale-driven share plus what every account has anyway. `one` is 1 in a
 * live cell and 0 elsewhere. Each rule reads only the shares it needs, so counting the truth of a
 * large organization stays cheap.
 */
export const countRules = {
  'ec2.instance': (a: Allocated) => a('ec2.instance'),
  'ec2.vpc': (a: Allocated, one: number) => one + a('ec2.vpc'),
  'ec2.subnet': (a: Allocated, one: number) => 3 * one + a('ec2.subnet'),
  'ec2.security_group': (a: Allocated, one: number) => one + a('ec2.vpc') + a('ec2.security_group'),
  'ec2.volume': (a: Allocated) => a('ec2.instance') + a('ec2.volume'),
  'ec2.network_interface': (a: Allocated) => a('ec2.instance') + a('ec2.nat_gateway') + a('ec2.network_interface'),
  'ec2.internet_gateway': (a: Allocated, one: number) => one + a('ec2.internet_gateway'),
  'ec2.nat_gateway': (a: Allocated) => a('ec2.nat_gateway'),
  'ec2.route_table': (a: Allocated, one: number) => one + a('ec2.vpc') + a('ec2.route_table'),
  'ec2.eip': (a: Allocated) => a('ec2.eip'),
  'ec2.image': (a: Allocated) => a('ec2.image'),
} as const;

type Ec2Kind = keyof typeof countRules;

export function isLiveCell(universe: Universe, cell: Cell): boolean {
  return cell.region !== 'global' && universe.isLive(cell);
}

export function layoutOf(universe: Universe, cell: Cell): Layout {
  const live = isLiveCell(universe, cell);
  const shares = new Map<string, number>();
  const a: Allocated = (kind) => {
    let share = shares.get(kind);
    if (share === undefined) {
      share = live ? universe.allocated(cell, kind) : 0;
      shares.set(kind, share);
    }
    return share;
  };
  const one = live ? 1 : 0;
  const count = (kind: Ec2Kind) => countRules[kind](a, one);
  return {
    universe,
    cell,
    seed: universe.seed,
    instances: count('ec2.instance'),
    customVpcs: a('ec2.vpc'),
    vpcs: count('ec2.vpc'),
    extraSubnets: a('ec2.subnet'),
    subnets: count('ec2.subnet'),
    extraSecurityGroups: a('ec2.security_group'),
    securityGroups: count('ec2.security_group'),
    extraVolumes: a('ec2.volume'),
    volumes: count('ec2.volume'),
    natGateways: count('ec2.nat_gateway'),
    extraNetworkInterfaces: a('ec2.network_interface'),
    networkInterfaces: count('ec2.network_interface'),
    extraInternetGateways: a('ec2.internet_gateway'),
    internetGateways: count('ec2.internet_gateway'),
    extraRouteTables: a('ec2.route_table'),
    routeTables: count('ec2.route_table'),
    addresses: count('ec2.eip'),
    images: count('ec2.image'),
    idMakers: new Map(),
  };
}

/** Id prefix and id-space (the kind salt) of every EC2 id family the sandbox hands out. */
const idFamilies = {
  instance: ['i', 'ec2.instance'],
  reservation: ['r', 'ec2.reservation'],
  vpc: ['vpc', 'ec2.vpc'],
  vpcCidrAssociation: ['vpc-cidr-assoc', 'ec2.vpc_cidr_association'],
  dhcpOptions: ['dopt', 'ec2.dhcp_options'],
  subnet: ['subnet', 'ec2.subnet'],
  securityGroup: ['sg', 'ec2.security_group'],
  securityGroupRule: ['sgr', 'ec2.security_group_rule'],
  volume: ['vol', 'ec2.volume'],
  snapshot: ['snap', 'ec2.snapshot'],
  networkInterface: ['eni', 'ec2.network_interface'],
  eniAttachment: ['eni-attach', 'ec2.eni_attachment'],
  internetGateway: ['igw', 'ec2.internet_gateway'],
  natGateway: ['nat', 'ec2.nat_gateway'],
  routeTable: ['rtb', 'ec2.route_table'],
  routeTableAssociation: ['rtbassoc', 'ec2.route_table_association'],
  address: ['eipalloc', 'ec2.eip'],
  addressAssociation: ['eipassoc', 'ec2.eip_association'],
  image: ['ami', 'ec2.image'],
} as const;

type IdFamily = keyof typeof idFamilies;

export function idOf(layout: Layout, family: IdFamily, index: number): string {
  let make = layout.idMakers.get(family);
  if (!make) {
    const [prefix, kind] = idFamilies[family];
    make = hexIdMaker(prefix, layout.seed, layout.cell, kind);
    layout.idMakers.set(family, make);
  }
  return make(index);
}

/** The index an id names in this cell, or undefined when it names nothing here. */
export function indexOfId(layout: Layout, family: IdFamily, id: string, total: number): number | undefined {
  const [prefix, kind] = idFamilies[family];
  const index = parseHexId(id, prefix, layout.seed, layout.cell, kind);
  return index !== undefined && index < total ? index : undefined;
}

/** A stable draw in [0, 1) for one decision about one item. */
export function roll(layout: Layout, decision: string, index: number): number {
  return unit(layout.seed, layout.cell.accountId, layout.cell.region, decision, index);
}

/** A stable integer in [0, n) for one decision about one item. */
export function choose(layout: Layout, decision: string, index: number, n: number): number {
  return hash32(layout.seed, layout.cell.accountId, layout.cell.region, decision, index) % Math.max(1, n);
}

export function zoneName(layout: Layout, zone: number): string {
  return availabilityZones(layout.cell.region)[zone % 3] ?? `${layout.cell.region}a`;
}

// ---- VPCs and subnets ------------------------------------------------------------------------

const DEFAULT_VPC: Cidr = { base: ipv4(172, 31, 0, 0), prefix: 16 };
/** Extra subnets of the default VPC live above the three default /20s. */
const DEFAULT_VPC_EXTRA: Cidr = { base: ipv4(172, 31, 128, 0), prefix: 17 };

/** Custom VPCs get 10.x.0.0/16; past 256 VPCs they overlap, as unrelated VPCs may in AWS. */
export function vpcCidr(layout: Layout, vpc: number): Cidr {
  if (vpc === 0) return DEFAULT_VPC;
  return { base: ipv4(10, (vpc - 1) % 256, 0, 0), prefix: 16 };
}

/** Extra subnets go round-robin over the custom VPCs, or into the default VPC when there are none. */
function subnetHosts(layout: Layout): number {
  return Math.max(1, layout.customVpcs);
}

export function subnetVpc(layout: Layout, subnet: number): number {
  if (subnet < 3) return 0;
  return layout.customVpcs > 0 ? 1 + ((subnet - 3) % layout.customVpcs) : 0;
}

/** The position of an extra subnet among its VPC's extra subnets. */
function subnetSlot(layout: Layout, subnet: number): number {
  return Math.floor((subnet - 3) / subnetHosts(layout));
}

export function subnetCidr(layout: Layout, subnet: number): Cidr {
  if (subnet < 3) return { base: DEFAULT_VPC.base + subnet * cidrSize(20), prefix: 20 };
  const range = layout.customVpcs > 0 ? vpcCidr(layout, subnetVpc(layout, subnet)) : DEFAULT_VPC_EXTRA;
  // /24s as teams usually cut them, smaller only when one VPC must hold more than fit.
  const perVpc = Math.ceil(layout.extraSubnets / subnetHosts(layout));
  const prefix = Math.min(28, Math.max(24, range.prefix + Math.ceil(Math.log2(Math.max(1, perVpc)))));
  const slots = 2 ** (prefix - range.prefix);
  return { base: range.base + (subnetSlot(layout, subnet) % slots) * cidrSize(prefix), prefix };
}

/** The zone index (0..2): each VPC's subnets rotate through the three zones. */
export function subnetZone(layout: Layout, subnet: number): number {
  return subnet < 3 ? subnet : subnetSlot(layout, subnet) % 3;
}

/** Default subnets are public; in a custom VPC with an internet gateway every third subnet is. */
export function subnetIsPublic(layout: Layout, subnet: number): boolean {
  if (subnet < 3) return true;
  return vpcHasInternetGateway(layout, subnetVpc(layout, subnet)) && subnetSlot(layout, subnet) % 3 === 0;
}

/** Group g < V is VPC g's default group; extra group e belongs to VPC e mod V. */
export function securityGroupVpc(layout: Layout, group: number): number {
  return group < layout.vpcs ? group : (group - layout.vpcs) % layout.vpcs;
}

// ---- Internet gateways -------------------------------------------------------------------------

/** Gateway index equals the VPC index for attached gateways, so each side finds the other in O(1). */
export function internetGatewayVpc(layout: Layout, gateway: number): number | undefined {
  return gateway < layout.vpcs ? gateway : undefined;
}

export function vpcHasInternetGateway(layout: Layout, vpc: number): boolean {
  return vpc < layout.internetGateways;
}

// ---- Network interfaces ------------------------------------------------------------------------

/**
 * Interface n sits in subnet n mod S and takes host number floor(n / S) there, so no two
 * interfaces of a subnet share an address and every address is found without a lookup.
 */
export function interfaceSubnet(layout: Layout, eni: number): number {
  return eni % layout.subnets;
}

export function interfaceIp(layout: Layout, eni: number): number {
  const cidr = subnetCidr(layout, interfaceSubnet(layout, eni));
  return cidr.base + 4 + (Math.floor(eni / layout.subnets) % usableAddresses(cidr.prefix));
}

/** How many interfaces hold an address in a subnet. */
export function subnetResidents(layout: Layout, subnet: number): number {
  return countCongruent(layout.networkInterfaces, subnet, layout.subnets);
}

/** How many n in [0, total) have n mod step = residue. */
export function countCongruent(total: number, residue: number, step: number): number {
  return residue < total ? Math.floor((total - 1 - residue) / step) + 1 : 0;
}

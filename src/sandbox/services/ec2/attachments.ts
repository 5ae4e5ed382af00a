import { hash32 } from '../../data/random.js';
import { choose, countCongruent, interfaceSubnet, roll, subnetVpc, vpcHasInternetGateway, type Layout } from './layout.js';
import { ipv4 } from './net.js';

/**
 * Who uses what: the attachments between EC2 items (an interface's instance, a volume's device,
 * an address's target, a route table's subnet), each a formula over indexes that both sides of
 * the reference evaluate alike.
 */

type InterfaceOwner =
  | { kind: 'instance'; instance: number; deviceIndex: number }
  | { kind: 'nat'; nat: number }
  | { kind: 'none' };

/**
 * Who uses interface n. Extra interfaces are either unattached or a secondary interface of an
 * instance in the same subnet (AWS requires the same zone); the device index comes from the
 * interface's rank in its subnet so two secondaries of one instance never share one.
 */
export function interfaceOwner(layout: Layout, eni: number): InterfaceOwner {
  const { instances, natGateways, subnets } = layout;
  if (eni < instances) return { kind: 'instance', instance: eni, deviceIndex: 0 };
  if (eni < instances + natGateways) return { kind: 'nat', nat: eni - instances };
  const subnet = eni % subnets;
  const candidates = countCongruent(instances, subnet, subnets);
  if (candidates === 0 || roll(layout, 'eni-attached', eni) >= 0.5) return { kind: 'none' };
  const instance = subnet + subnets * choose(layout, 'eni-instance', eni, candidates);
  return { kind: 'instance', instance, deviceIndex: 1 + Math.floor((eni - instances - natGateways) / subnets) };
}

/** The secondary interfaces of an instance, in device order. */
export function secondaryInterfaces(layout: Layout, instance: number): number[] {
  const { instances, natGateways, subnets, networkInterfaces } = layout;
  const first = instances + natGateways;
  const subnet = instance % subnets;
  const found: number[] = [];
  for (let eni = first + ((((subnet - first) % subnets) + subnets) % subnets); eni < networkInterfaces; eni += subnets) {
    const owner = interfaceOwner(layout, eni);
    if (owner.kind === 'instance' && owner.instance === instance) found.push(eni);
  }
  return found;
}

// ---- Volumes -----------------------------------------------------------------------------------

type VolumeOwner =
  | { kind: 'root'; instance: number }
  | { kind: 'data'; instance: number; device: string }
  | { kind: 'none' };

/** /dev/sdf to /dev/sdp are the device names the console offers for data volumes. */
const DATA_DEVICES = 'fghijklmnop';

/** Volume n < I is instance n's root; extra volume e may be a data volume of instance e mod I. */
export function volumeOwner(layout: Layout, volume: number): VolumeOwner {
  const { instances } = layout;
  if (volume < instances) return { kind: 'root', instance: volume };
  const extra = volume - instances;
  const slot = instances > 0 ? Math.floor(extra / instances) : DATA_DEVICES.length;
  if (slot >= DATA_DEVICES.length || roll(layout, 'volume-attached', extra) >= 0.6) return { kind: 'none' };
  return { kind: 'data', instance: extra % instances, device: `/dev/sd${DATA_DEVICES[slot] ?? 'f'}` };
}

/** The data volumes attached to an instance, in device order. */
export function dataVolumes(layout: Layout, instance: number): Array<{ volume: number; device: string }> {
  const found: Array<{ volume: number; device: string }> = [];
  for (let extra = instance; extra < layout.extraVolumes; extra += layout.instances) {
    const owner = volumeOwner(layout, layout.instances + extra);
    if (owner.kind === 'data') found.push({ volume: layout.instances + extra, device: owner.device });
  }
  return found;
}

// ---- Security groups ---------------------------------------------------------------------------

/** The groups an instance (and its interfaces) use: one of its VPC's own groups, sometimes also the default. */
export function instanceGroups(layout: Layout, instance: number): number[] {
  const vpc = subnetVpc(layout, interfaceSubnet(layout, instance));
  const custom = countCongruent(layout.extraSecurityGroups, vpc, layout.vpcs);
  if (custom === 0) return [vpc];
  const group = layout.vpcs + vpc + layout.vpcs * choose(layout, 'instance-sg', instance, custom);
  return roll(layout, 'instance-default-sg', instance) < 0.3 ? [group, vpc] : [group];
}

// ---- Route tables and NAT gateways ---------------------------------------------------------------

/** Extra route table e belongs to subnet e mod S's VPC and is associated with it while e < S. */
export function routeTableSubnet(layout: Layout, table: number): number | undefined {
  if (table < layout.vpcs) return undefined;
  const extra = table - layout.vpcs;
  return extra < layout.subnets ? extra : undefined;
}

export function routeTableVpc(layout: Layout, table: number): number {
  if (table < layout.vpcs) return table;
  return subnetVpc(layout, (table - layout.vpcs) % layout.subnets);
}

export function natSubnet(layout: Layout, nat: number): number {
  return interfaceSubnet(layout, layout.instances + nat);
}

/** The first NAT gateway in a subnet, if any: private route tables send 0.0.0.0/0 through it. */
export function natInSubnet(layout: Layout, subnet: number): number | undefined {
  const { instances, subnets, natGateways } = layout;
  const nat = (((subnet - instances) % subnets) + subnets) % subnets;
  return nat < natGateways ? nat : undefined;
}

/** A NAT gateway is public when its VPC reaches the internet and it has an Elastic IP to use. */
export function natIsPublic(layout: Layout, nat: number): boolean {
  return nat < layout.addresses && vpcHasInternetGateway(layout, subnetVpc(layout, natSubnet(layout, nat)));
}

// ---- Elastic IPs -------------------------------------------------------------------------------

type AddressTarget = { kind: 'nat'; nat: number } | { kind: 'instance'; instance: number } | { kind: 'none' };

/** Address k serves public NAT gateway k, else maybe instance k, else it is unassociated. */
export function addressTarget(layout: Layout, address: number): AddressTarget {
  if (address < layout.natGateways && natIsPublic(layout, address)) return { kind: 'nat', nat: address };
  if (address < layout.instances && roll(layout, 'eip-instance', address) < 0.7) return { kind: 'instance', instance: address };
  return { kind: 'none' };
}

export function instanceAddress(layout: Layout, instance: number): number | undefined {
  if (instance >= layout.addresses) return undefined;
  return addressTarget(layout, instance).kind === 'instance' ? instance : undefined;
}

/** Elastic IPs come from one /8 and auto-assigned addresses from another, so they never collide. */
export function addressPublicIp(layout: Layout, address: number): number {
  const offset = (hash32(layout.seed, layout.cell.accountId, layout.cell.region, 'eip-base') + address) % 16_777_216;
  return ipv4(52, 0, 0, 0) + offset;
}

export function addressIndexOfIp(layout: Layout, ip: number): number | undefined {
  if (ip < ipv4(52, 0, 0, 0) || ip >= ipv4(53, 0, 0, 0)) return undefined;
  const base = hash32(layout.seed, layout.cell.accountId, layout.cell.region, 'eip-base') % 16_777_216;
  const index = (ip - ipv4(52, 0, 0, 0) - base + 16_777_216) % 16_777_216;
  return index < layout.addresses ? index : undefined;
}

export function autoPublicIp(layout: Layout, eni: number): number {
  const offset = (hash32(layout.seed, layout.cell.accountId, layout.cell.region, 'auto-ip-base') + eni) % 16_777_216;
  return ipv4(54, 0, 0, 0) + offset;
}

import { hash32, hexOf } from '../../data/random.js';

/** IPv4 addresses as unsigned 32-bit numbers, so CIDR arithmetic is plain addition. */
export function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

export function ipText(value: number): string {
  return [Math.floor(value / 16_777_216) % 256, Math.floor(value / 65_536) % 256, Math.floor(value / 256) % 256, value % 256].join(
    '.',
  );
}

/** The number an IPv4 address names, or undefined for anything that is not a dotted quad. */
export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  return ipv4(a, b, c, d);
}

export interface Cidr {
  base: number;
  prefix: number;
}

export function cidrText(cidr: Cidr): string {
  return `${ipText(cidr.base)}/${cidr.prefix}`;
}

export function cidrSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** AWS keeps the first four addresses and the last one of every subnet. */
export function usableAddresses(prefix: number): number {
  return cidrSize(prefix) - 5;
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + cidrSize(inner.prefix) <= outer.base + cidrSize(outer.prefix);
}

/** us-east-1 kept its pre-2014 DNS suffixes; every other region uses the regional form. */
export function privateDnsName(ip: number, region: string): string {
  const host = `ip-${ipText(ip).replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

export function publicDnsName(ip: number, region: string): string {
  const host = `ec2-${ipText(ip).replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

const directions: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** us-east-1 -> use1, ap-southeast-2 -> apse2: the prefix of AWS's zone ids. */
function regionShortName(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${directions[direction] ?? direction.slice(0, 1)}${number}`;
}

const permutations = [
  [1, 2, 3],
  [1, 3, 2],
  [2, 1, 3],
  [2, 3, 1],
  [3, 1, 2],
  [3, 2, 1],
];

/** AWS maps zone letters to physical zone ids differently in every account; so does the sandbox. */
export function availabilityZoneId(seed: number, accountId: string, region: string, zone: number): string {
  const permutation = permutations[hash32(seed, accountId, region, 'az-map') % permutations.length] ?? [1, 2, 3];
  return `${regionShortName(region)}-az${permutation[zone % 3] ?? 1}`;
}

/** A locally administered unicast MAC address, as EC2 hands out (02:... or 0a:... and so on). */
export function macAddress(...parts: ReadonlyArray<string | number>): string {
  const hex = hexOf(10, ...parts, 'mac');
  const bytes = hex.match(/../g) ?? [];
  return ['0a', ...bytes].join(':');
}

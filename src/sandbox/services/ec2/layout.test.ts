import { describe, expect, it } from 'vitest';
import { testUniverse } from '../testing.js';
import { addressIndexOfIp, addressPublicIp, addressTarget, dataVolumes, instanceAddress, interfaceOwner, natInSubnet, natSubnet, secondaryInterfaces, volumeOwner } from './attachments.js';
import { idOf, indexOfId, interfaceIp, layoutOf, subnetCidr, subnetVpc, vpcCidr, type Layout } from './layout.js';
import { cidrContains, cidrSize, ipText } from './net.js';

function layouts(): Layout[] {
  const found: Layout[] = [];
  for (const scale of [0, 40, 300, 2000, 9000]) {
    const universe = testUniverse({ scale });
    for (const cell of universe.cells('regional')) found.push(layoutOf(universe, cell));
  }
  return found;
}

describe('EC2 layout arithmetic', () => {
  const all = layouts();

  it('covers cells without custom VPCs but with extra subnets, and cells with many of both', () => {
    expect(all.some((l) => l.customVpcs === 0 && l.extraSubnets > 0)).toBe(true);
    expect(all.some((l) => l.customVpcs > 10 && l.extraSubnets > 30)).toBe(true);
    const empty = all.find((l) => l.instances === 0);
    expect(empty).toMatchObject({ vpcs: 1, subnets: 3, securityGroups: 1, routeTables: 1, internetGateways: 1 });
  });

  it('gives no resources to a region the account does not use or a suspended account', () => {
    const universe = testUniverse({ suspendedAccounts: 1, notOptedIn: [] });
    const suspended = universe.org.accounts.find((a) => a.status === 'SUSPENDED')?.id ?? '';
    for (const cell of [
      { accountId: suspended, region: 'us-east-1' },
      { accountId: universe.org.managementAccountId, region: 'us-west-2' },
    ]) {
      const layout = layoutOf(universe, cell);
      expect([layout.vpcs, layout.subnets, layout.instances, layout.networkInterfaces, layout.routeTables]).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('round-trips ids and refuses ids of other cells and past the end', () => {
    const [a, b] = all.filter((l) => l.instances > 3);
    if (!a || !b) throw new Error('need two cells');
    for (let i = 0; i < a.instances; i++) expect(indexOfId(a, 'instance', idOf(a, 'instance', i), a.instances)).toBe(i);
    expect(indexOfId(b, 'instance', idOf(a, 'instance', 0), b.instances)).toBeUndefined();
    expect(indexOfId(a, 'instance', idOf(a, 'instance', a.instances), a.instances)).toBeUndefined();
    expect(idOf(a, 'instance', 0)).toMatch(/^i-[0-9a-f]{17}$/);
    expect(idOf(a, 'address', 0)).toMatch(/^eipalloc-[0-9a-f]{17}$/);
  });

  it('puts every subnet inside its VPC, without overlaps, even at a million resources', () => {
    const huge = testUniverse({ accounts: 1, regions: ['us-east-1'], scale: 1_000_000 });
    const big = layoutOf(huge, { accountId: huge.org.managementAccountId, region: 'us-east-1' });
    expect(big.subnets).toBeGreaterThan(50_000);
    for (const layout of [...all, big]) {
      const seen = new Map<number, Array<{ base: number; end: number }>>();
      for (let s = 0; s < layout.subnets; s++) {
        const vpc = subnetVpc(layout, s);
        const cidr = subnetCidr(layout, s);
        expect(cidrContains(vpcCidr(layout, vpc), cidr)).toBe(true);
        const ranges = seen.get(vpc) ?? [];
        for (const r of ranges) expect(cidr.base >= r.end || cidr.base + cidrSize(cidr.prefix) <= r.base).toBe(true);
        ranges.push({ base: cidr.base, end: cidr.base + cidrSize(cidr.prefix) });
        seen.set(vpc, ranges);
      }
    }
  });

  it('gives every interface its own address and every instance distinct device slots', () => {
    for (const layout of all) {
      const ips = new Set<string>();
      const owned = new Map<number, number[]>();
      for (let n = 0; n < layout.networkInterfaces; n++) {
        const key = `${subnetVpc(layout, n % layout.subnets)}/${interfaceIp(layout, n)}`;
        expect(ips.has(key)).toBe(false);
        ips.add(key);
        const owner = interfaceOwner(layout, n);
        if (owner.kind === 'instance') {
          expect(n % layout.subnets).toBe(owner.instance % layout.subnets);
          owned.set(owner.instance, [...(owned.get(owner.instance) ?? []), n]);
        }
      }
      for (let i = 0; i < layout.instances; i++) {
        expect([i, ...secondaryInterfaces(layout, i)]).toEqual(owned.get(i));
        const indexes = (owned.get(i) ?? []).map((n) => {
          const owner = interfaceOwner(layout, n);
          return owner.kind === 'instance' ? owner.deviceIndex : -1;
        });
        expect(new Set(indexes).size).toBe(indexes.length);
        const devices = dataVolumes(layout, i);
        expect(new Set(devices.map((d) => d.device)).size).toBe(devices.length);
        for (const d of devices) expect(volumeOwner(layout, d.volume)).toEqual({ kind: 'data', instance: i, device: d.device });
      }
      const attached = [];
      for (let v = layout.instances; v < layout.volumes; v++) {
        const owner = volumeOwner(layout, v);
        if (owner.kind === 'data') attached.push(v);
      }
      let listed = 0;
      for (let i = 0; i < layout.instances; i++) listed += dataVolumes(layout, i).length;
      expect(listed).toBe(attached.length);
    }
  });

  it('ties NAT gateways, Elastic IPs and instances together one to one', () => {
    for (const layout of all) {
      for (let k = 0; k < layout.natGateways; k++) expect(natInSubnet(layout, natSubnet(layout, k))).toBeLessThanOrEqual(k);
      const publicIps = new Set<string>();
      for (let k = 0; k < layout.addresses; k++) {
        const ip = addressPublicIp(layout, k);
        expect(addressIndexOfIp(layout, ip)).toBe(k);
        publicIps.add(ipText(ip));
        const target = addressTarget(layout, k);
        if (target.kind === 'instance') expect(instanceAddress(layout, target.instance)).toBe(k);
      }
      expect(publicIps.size).toBe(layout.addresses);
      for (let i = 0; i < layout.instances; i++) {
        const address = instanceAddress(layout, i);
        if (address !== undefined) expect(addressTarget(layout, address)).toEqual({ kind: 'instance', instance: i });
      }
    }
  });
});

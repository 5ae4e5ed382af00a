import type { InstanceStateName } from '@aws-sdk/client-ec2';
import { apps, createdAt, environmentOf } from '../../data/common.js';
import { indexedName } from '../../data/ids.js';
import { pick } from '../../data/random.js';
import { instanceImage, type LaunchImage } from './amis.js';
import { addressPublicIp, autoPublicIp, instanceAddress } from './attachments.js';
import { idOf, interfaceIp, interfaceSubnet, roll, subnetIsPublic, subnetVpc, subnetZone, type Layout } from './layout.js';

/**
 * What several families need to know about an instance (its volumes, interfaces and addresses
 * repeat its zone, launch time and addresses), kept apart from the full Instance so those files
 * do not build whole instances to describe their own items.
 */
export interface InstanceFacts {
  index: number;
  id: string;
  name: string;
  subnet: number;
  vpc: number;
  zone: number;
  image: LaunchImage;
  launchTime: Date;
  state: Extract<InstanceStateName, 'running' | 'stopped'>;
  privateIp: number;
  /** The Elastic IP index when one is associated. */
  address: number | undefined;
  /** The Elastic IP, or while running in a public subnet the address AWS assigned at launch. */
  publicIp: number | undefined;
}

/**
 * An instance's facts are needed again by its interfaces and volumes within the same page, so a
 * request keeps the last few; the cache dies with the layout, which lives for one request.
 */
const recent = new WeakMap<Layout, Map<number, InstanceFacts>>();
const RECENT_LIMIT = 64;

export function instanceFacts(layout: Layout, instance: number): InstanceFacts {
  let cache = recent.get(layout);
  if (!cache) {
    cache = new Map();
    recent.set(layout, cache);
  }
  const known = cache.get(instance);
  if (known) return known;
  if (cache.size >= RECENT_LIMIT) cache.clear();
  const facts = buildFacts(layout, instance);
  cache.set(instance, facts);
  return facts;
}

function buildFacts(layout: Layout, instance: number): InstanceFacts {
  const subnet = interfaceSubnet(layout, instance);
  const state = roll(layout, 'instance-state', instance) < 0.85 ? 'running' : 'stopped';
  const address = instanceAddress(layout, instance);
  // A stopped instance gives back its auto-assigned address but keeps an Elastic IP.
  const publicIp =
    address !== undefined
      ? addressPublicIp(layout, address)
      : state === 'running' && subnetIsPublic(layout, subnet)
        ? autoPublicIp(layout, instance)
        : undefined;
  const app = pick(apps, layout.seed, layout.cell.accountId, layout.cell.region, 'instance-app', instance);
  return {
    index: instance,
    id: idOf(layout, 'instance', instance),
    name: indexedName(`${app}-${environmentOf(layout.universe, layout.cell.accountId)}`, instance),
    subnet,
    vpc: subnetVpc(layout, subnet),
    zone: subnetZone(layout, subnet),
    image: instanceImage(layout, instance),
    launchTime: createdAt(layout.seed, layout.cell, 'ec2.instance', instance),
    state,
    privateIp: interfaceIp(layout, instance),
    address,
    publicIp,
  };
}

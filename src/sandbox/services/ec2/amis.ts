import type { ArchitectureValues, BootModeValues, PlatformValues, _InstanceType as InstanceType } from '@aws-sdk/client-ec2';
import { hexOf } from '../../data/random.js';
import { choose, idOf, roll, type Layout } from './layout.js';

/** An operating system image: the public Amazon AMIs, and the base of every account-owned AMI. */
export interface BaseImage {
  name: string;
  description: string;
  architecture: ArchitectureValues;
  ownerId: string;
  /** Only images published by Amazon carry the 'amazon' alias (Canonical's do not). */
  ownerAlias?: string;
  windows: boolean;
  platformDetails: string;
  usageOperation: string;
  rootDevice: string;
  rootSize: number;
  bootMode?: BootModeValues;
  creationDate: string;
}

const AMAZON_LINUX = '137112412989';
const WINDOWS = '801119661308';
const CANONICAL = '099720109477';

const linux = { windows: false, platformDetails: 'Linux/UNIX', usageOperation: 'RunInstances' } as const;
const windows = { windows: true, platformDetails: 'Windows', usageOperation: 'RunInstances:0002' } as const;

/**
 * A small fixed set of public images, the same in every account (as AWS's are per region). They
 * are not part of any account's inventory, so the truth does not count them.
 */
export const publicImages: readonly BaseImage[] = [
  {
    name: 'al2023-ami-2023.4.20240528.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.4.20240528.0 x86_64 HVM kernel-6.1',
    architecture: 'x86_64',
    ownerId: AMAZON_LINUX,
    ownerAlias: 'amazon',
    ...linux,
    rootDevice: '/dev/xvda',
    rootSize: 8,
    bootMode: 'uefi-preferred',
    creationDate: '2024-05-24T20:15:50.000Z',
  },
  {
    name: 'al2023-ami-2023.4.20240528.0-kernel-6.1-arm64',
    description: 'Amazon Linux 2023 AMI 2023.4.20240528.0 arm64 HVM kernel-6.1',
    architecture: 'arm64',
    ownerId: AMAZON_LINUX,
    ownerAlias: 'amazon',
    ...linux,
    rootDevice: '/dev/xvda',
    rootSize: 8,
    bootMode: 'uefi',
    creationDate: '2024-05-24T20:16:02.000Z',
  },
  {
    name: 'amzn2-ami-kernel-5.10-hvm-2.0.20240529.0-x86_64-gp2',
    description: 'Amazon Linux 2 Kernel 5.10 AMI 2.0.20240529.0 x86_64 HVM gp2',
    architecture: 'x86_64',
    ownerId: AMAZON_LINUX,
    ownerAlias: 'amazon',
    ...linux,
    rootDevice: '/dev/xvda',
    rootSize: 8,
    creationDate: '2024-05-29T21:41:29.000Z',
  },
  {
    name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240501',
    description: 'Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-05-01',
    architecture: 'x86_64',
    ownerId: CANONICAL,
    ...linux,
    rootDevice: '/dev/sda1',
    rootSize: 8,
    creationDate: '2024-05-01T07:14:31.000Z',
  },
  {
    name: 'Windows_Server-2022-English-Full-Base-2024.05.15',
    description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon',
    architecture: 'x86_64',
    ownerId: WINDOWS,
    ownerAlias: 'amazon',
    ...windows,
    rootDevice: '/dev/sda1',
    rootSize: 30,
    creationDate: '2024-05-15T18:20:44.000Z',
  },
  {
    name: 'Windows_Server-2019-English-Full-Base-2024.05.15',
    description: 'Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided by Amazon',
    architecture: 'x86_64',
    ownerId: WINDOWS,
    ownerAlias: 'amazon',
    ...windows,
    rootDevice: '/dev/sda1',
    rootSize: 30,
    creationDate: '2024-05-15T18:21:09.000Z',
  },
];

/** EC2 sends Platform as lowercase 'windows' although the SDK's enum spells it 'Windows'. */
export const WINDOWS_PLATFORM = 'windows' as PlatformValues;

/** Ids of the fixed public images by region; a few dozen strings at most, so they are kept. */
const publicIds = new Map<string, { images: string[]; snapshots: string[] }>();

function publicIdsOf(region: string): { images: string[]; snapshots: string[] } {
  let ids = publicIds.get(region);
  if (!ids) {
    ids = {
      images: publicImages.map((image) => `ami-${hexOf(17, 'public-ami', region, image.name)}`),
      snapshots: publicImages.map((image) => `snap-${hexOf(17, 'public-snapshot', region, image.name)}`),
    };
    publicIds.set(region, ids);
  }
  return ids;
}

/** Public image ids depend only on the region: every account sees the same ones. */
export function publicImageId(region: string, index: number): string {
  return publicIdsOf(region).images[index] ?? '';
}

export function publicImageIndex(region: string, id: string): number | undefined {
  const index = publicIdsOf(region).images.indexOf(id);
  return index < 0 ? undefined : index;
}

/** The public image an account-owned AMI was baked from. */
export function ownImageBase(layout: Layout, image: number): BaseImage {
  return publicImages[choose(layout, 'ami-base', image, publicImages.length)] ?? (publicImages[0] as BaseImage);
}

export interface LaunchImage {
  id: string;
  base: BaseImage;
  /** The snapshot behind the image's root device, which every root volume launched from it names. */
  snapshotId: string;
}

export function publicSnapshotId(region: string, index: number): string {
  return publicIdsOf(region).snapshots[index] ?? '';
}

/** How often each public image is launched: mostly Amazon Linux and Ubuntu, some Windows. */
const launchShares = [35, 15, 15, 20, 10, 5];

function weightedIndex(draw: number): number {
  const total = launchShares.reduce((sum, share) => sum + share, 0);
  let left = draw * total;
  for (const [index, share] of launchShares.entries()) {
    left -= share;
    if (left < 0) return index;
  }
  return 0;
}

/** About a third of instances run the account's own AMIs, the rest public ones. */
export function instanceImage(layout: Layout, instance: number): LaunchImage {
  if (layout.images > 0 && roll(layout, 'instance-own-ami', instance) < 0.35) {
    const image = choose(layout, 'instance-ami', instance, layout.images);
    return { id: idOf(layout, 'image', image), base: ownImageBase(layout, image), snapshotId: idOf(layout, 'snapshot', image) };
  }
  const index = weightedIndex(roll(layout, 'instance-public-ami', instance));
  return {
    id: publicImageId(layout.cell.region, index),
    base: publicImages[index] ?? (publicImages[0] as BaseImage),
    snapshotId: publicSnapshotId(layout.cell.region, index),
  };
}

interface TypeSpec {
  type: InstanceType;
  vcpus: number;
}

const x86Types: readonly TypeSpec[] = [
  { type: 't3.micro', vcpus: 2 },
  { type: 't3.small', vcpus: 2 },
  { type: 't3.medium', vcpus: 2 },
  { type: 't3.large', vcpus: 2 },
  { type: 'm5.large', vcpus: 2 },
  { type: 'm5.xlarge', vcpus: 4 },
  { type: 'm6i.large', vcpus: 2 },
  { type: 'm6i.2xlarge', vcpus: 8 },
  { type: 'c5.xlarge', vcpus: 4 },
  { type: 'c6i.large', vcpus: 2 },
  { type: 'r5.large', vcpus: 2 },
  { type: 'r6i.xlarge', vcpus: 4 },
];

const armTypes: readonly TypeSpec[] = [
  { type: 't4g.small', vcpus: 2 },
  { type: 't4g.medium', vcpus: 2 },
  { type: 'm6g.large', vcpus: 2 },
  { type: 'm7g.xlarge', vcpus: 4 },
  { type: 'c7g.large', vcpus: 2 },
  { type: 'r6g.large', vcpus: 2 },
];

/** An instance type that can boot the image's architecture, with its CPU topology. */
export function instanceTypeFor(
  layout: Layout,
  instance: number,
  architecture: ArchitectureValues,
): { type: InstanceType; coreCount: number; threadsPerCore: number } {
  const arm = architecture === 'arm64';
  const list = arm ? armTypes : x86Types;
  const spec = list[choose(layout, 'instance-type', instance, list.length)] ?? (list[0] as TypeSpec);
  // Graviton has no SMT; Intel and AMD expose two threads per core.
  return arm
    ? { type: spec.type, coreCount: spec.vcpus, threadsPerCore: 1 }
    : { type: spec.type, coreCount: spec.vcpus / 2, threadsPerCore: 2 };
}

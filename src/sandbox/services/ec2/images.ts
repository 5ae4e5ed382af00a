import type { Image } from '@aws-sdk/client-ec2';
import { apps, createdAt, tagsFor } from '../../data/common.js';
import { indexedName } from '../../data/ids.js';
import { pick } from '../../data/random.js';
import { SandboxError, type Handler } from '../service.js';
import { describe, tagList, type Collection } from './describe.js';
import { stringList } from './filters.js';
import { WINDOWS_PLATFORM, ownImageBase, publicImageId, publicImageIndex, publicImages, publicSnapshotId, type BaseImage } from './amis.js';
import { idOf, indexOfId, layoutOf, type Layout } from './layout.js';

const TWO_YEARS = 2 * 365 * 86_400_000;

function imageOf(base: BaseImage, fields: Partial<Image> & Pick<Image, 'ImageId' | 'Name' | 'OwnerId' | 'CreationDate'>, snapshotId: string): Image {
  return {
    Architecture: base.architecture,
    ImageType: 'machine',
    Public: false,
    Platform: base.windows ? WINDOWS_PLATFORM : undefined,
    PlatformDetails: base.platformDetails,
    UsageOperation: base.usageOperation,
    State: 'available',
    BlockDeviceMappings: [
      {
        DeviceName: base.rootDevice,
        Ebs: { DeleteOnTermination: true, SnapshotId: snapshotId, VolumeSize: base.rootSize, VolumeType: 'gp3', Encrypted: false },
      },
    ],
    Description: base.description,
    EnaSupport: true,
    Hypervisor: 'xen',
    RootDeviceName: base.rootDevice,
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    VirtualizationType: 'hvm',
    BootMode: base.bootMode,
    ...fields,
  };
}

/** An AMI the account baked from a public base image (a "golden image"). */
function ownImageAt(layout: Layout, image: number): Image {
  const base = ownImageBase(layout, image);
  const created = createdAt(layout.seed, layout.cell, 'ec2.image', image);
  const app = pick(apps, layout.seed, layout.cell.accountId, layout.cell.region, 'ami-app', image);
  const name = indexedName(`${app}-golden-${created.toISOString().slice(0, 10).replaceAll('-', '')}`, image);
  return imageOf(
    base,
    {
      ImageId: idOf(layout, 'image', image),
      Name: name,
      OwnerId: layout.cell.accountId,
      CreationDate: created.toISOString(),
      ImageLocation: `${layout.cell.accountId}/${name}`,
      Description: `${app} image built from ${base.name}`,
      Tags: tagList(tagsFor(layout.universe, layout.cell, 'ec2.image', image)),
    },
    idOf(layout, 'snapshot', image),
  );
}

function publicImageAt(region: string, index: number): Image {
  const base = publicImages[index] ?? (publicImages[0] as BaseImage);
  return imageOf(
    base,
    {
      ImageId: publicImageId(region, index),
      Name: base.name,
      OwnerId: base.ownerId,
      ImageOwnerAlias: base.ownerAlias,
      Public: true,
      CreationDate: base.creationDate,
      // AWS deprecates public images two years after release.
      DeprecationTime: new Date(Date.parse(base.creationDate) + TWO_YEARS).toISOString(),
      ImageLocation: `${base.ownerAlias ?? base.ownerId}/${base.name}`,
    },
    publicSnapshotId(region, index),
  );
}

/** Which images an Owners entry selects: 'self', an alias such as 'amazon', or an account id. */
function ownerMatcher(owners: string[], accountId: string): (image: Image) => boolean {
  return (image) =>
    owners.some((owner) =>
      owner === 'self' ? image.OwnerId === accountId : owner === image.ImageOwnerAlias || owner === image.OwnerId,
    );
}

/**
 * The account's own images (indexes 0..own-1) followed by the public ones. An Owners list that
 * selects only one side narrows the scan to it, so Owners=['self'] pages over exactly the truth.
 */
function collection(layout: Layout, owners: string[] | undefined, byId: boolean): Collection<Image> {
  const own = layout.images;
  const onlyOwn = owners !== undefined && owners.every((o) => o === 'self' || o === layout.cell.accountId);
  const noOwn = owners !== undefined && !owners.some((o) => o === 'self' || o === layout.cell.accountId);
  const start = !byId && noOwn ? own : 0;
  const end = !byId && onlyOwn ? own : own + publicImages.length;
  const imageAt = (index: number) => (index < own ? ownImageAt(layout, index) : publicImageAt(layout.cell.region, index - own));
  return {
    total: end - start,
    itemAt: (index) => imageAt(start + index),
    tags: (image) => image.Tags,
    filters: {
      'image-id': (i) => i.ImageId,
      name: (i) => i.Name,
      description: (i) => i.Description,
      'owner-id': (i) => i.OwnerId,
      'owner-alias': (i) => i.ImageOwnerAlias,
      state: (i) => i.State,
      architecture: (i) => i.Architecture,
      platform: (i) => i.Platform,
      'platform-details': (i) => i.PlatformDetails,
      'is-public': (i) => i.Public,
      'image-type': (i) => i.ImageType,
      hypervisor: (i) => i.Hypervisor,
      'root-device-name': (i) => i.RootDeviceName,
      'root-device-type': (i) => i.RootDeviceType,
      'virtualization-type': (i) => i.VirtualizationType,
      'creation-date': (i) => i.CreationDate,
      'block-device-mapping.snapshot-id': (i) => i.BlockDeviceMappings?.map((m) => m.Ebs?.SnapshotId),
    },
  };
}

export const describeImages: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  const owners = stringList(input, 'Owners');
  const selected = owners && owners.length > 0 ? owners : undefined;
  const ids = stringList(input, 'ImageIds');
  return describe(input, ctx, collection(layout, selected, ids !== undefined && ids.length > 0), {
    where: selected ? ownerMatcher(selected, layout.cell.accountId) : undefined,
    ids: [
      {
        key: 'ImageIds',
        indexOf: (id) => {
          const own = indexOfId(layout, 'image', id, layout.images);
          if (own !== undefined) return own;
          const index = publicImageIndex(layout.cell.region, id);
          return index === undefined ? undefined : layout.images + index;
        },
        notFound: (missing) =>
          new SandboxError(
            'InvalidAMIID.NotFound',
            missing.length === 1 ? `The image id '[${missing[0]}]' does not exist` : `The image ids '[${missing.join(', ')}]' do not exist`,
          ),
      },
    ],
  });
};

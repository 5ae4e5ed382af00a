import type { Volume, VolumeType } from '@aws-sdk/client-ec2';
import { arnOf, createdAt, tagsFor } from '../../data/common.js';
import { uuidOf } from '../../data/random.js';
import { SandboxError, type Handler } from '../service.js';
import { describe, tagList, type Collection } from './describe.js';
import { instanceFacts } from './instance-facts.js';
import { volumeOwner } from './attachments.js';
import { choose, idOf, indexOfId, layoutOf, roll, zoneName, type Layout } from './layout.js';

const dataSizes = [20, 50, 100, 200, 500, 1000];
const dataTypes: readonly VolumeType[] = ['gp3', 'gp3', 'gp3', 'gp2', 'io2', 'st1'];

/** Encrypted volumes use the account's AWS-managed aws/ebs key, as the EBS default does. */
function ebsDefaultKeyArn(layout: Layout): string {
  const keyId = uuidOf(layout.seed, layout.cell.accountId, layout.cell.region, 'aws/ebs');
  return arnOf('kms', layout.cell.region, layout.cell.accountId, `key/${keyId}`);
}

/** Performance numbers as EBS reports them per type: gp2 scales with size, gp3 has a baseline. */
function performance(type: VolumeType, size: number, layout: Layout, volume: number): Pick<Volume, 'Iops' | 'Throughput'> {
  switch (type) {
    case 'gp3':
      return { Iops: 3000, Throughput: 125 };
    case 'gp2':
      return { Iops: Math.min(16_000, Math.max(100, size * 3)) };
    case 'io2':
      return { Iops: 4000 + 1000 * choose(layout, 'volume-iops', volume, 12) };
    default:
      return {};
  }
}

export function volumeAt(layout: Layout, volume: number): Volume {
  const owner = volumeOwner(layout, volume);
  const facts = owner.kind === 'none' ? undefined : instanceFacts(layout, owner.instance);
  const root = owner.kind === 'root';
  const type: VolumeType = root
    ? roll(layout, 'root-gp2', volume) < 0.2
      ? 'gp2'
      : 'gp3'
    : (dataTypes[choose(layout, 'volume-type', volume, dataTypes.length)] ?? 'gp3');
  // st1 volumes start at 125 GiB; other data volumes take any listed size.
  const size = root
    ? (facts?.image.base.rootSize ?? 8) * (1 + choose(layout, 'root-size', volume, 3))
    : Math.max(type === 'st1' ? 125 : 1, dataSizes[choose(layout, 'volume-size', volume, dataSizes.length)] ?? 100);
  const created = root && facts ? facts.launchTime : createdAt(layout.seed, layout.cell, 'ec2.volume', volume);
  const encrypted = roll(layout, 'volume-encrypted', volume) < 0.6;
  const volumeId = idOf(layout, 'volume', volume);
  const zone = facts ? facts.zone : choose(layout, 'volume-zone', volume, 3);
  const attachments: NonNullable<Volume['Attachments']> = [];
  if (facts && owner.kind !== 'none') {
    attachments.push({
      AttachTime: new Date(Math.max(created.getTime(), facts.launchTime.getTime())),
      Device: owner.kind === 'root' ? facts.image.base.rootDevice : owner.device,
      InstanceId: facts.id,
      State: 'attached',
      VolumeId: volumeId,
      DeleteOnTermination: root,
    });
  }
  return {
    Attachments: attachments,
    AvailabilityZone: zoneName(layout, zone),
    CreateTime: created,
    Encrypted: encrypted,
    KmsKeyId: encrypted ? ebsDefaultKeyArn(layout) : undefined,
    Size: size,
    SnapshotId: root && facts ? facts.image.snapshotId : '',
    State: attachments.length > 0 ? 'in-use' : 'available',
    VolumeId: volumeId,
    ...performance(type, size, layout, volume),
    Tags: tagList(tagsFor(layout.universe, layout.cell, 'ec2.volume', volume)),
    VolumeType: type,
    MultiAttachEnabled: false,
  };
}

function collection(layout: Layout): Collection<Volume> {
  const attachment = <K extends keyof NonNullable<Volume['Attachments']>[number]>(v: Volume, key: K) =>
    (v.Attachments ?? []).map((a) => a[key]);
  return {
    total: layout.volumes,
    itemAt: (index) => volumeAt(layout, index),
    tags: (volume) => volume.Tags,
    filters: {
      'volume-id': (v) => v.VolumeId,
      status: (v) => v.State,
      'availability-zone': (v) => v.AvailabilityZone,
      'volume-type': (v) => v.VolumeType,
      size: (v) => v.Size,
      encrypted: (v) => v.Encrypted,
      'snapshot-id': (v) => v.SnapshotId,
      'create-time': (v) => v.CreateTime?.toISOString(),
      'multi-attach-enabled': (v) => v.MultiAttachEnabled,
      'attachment.instance-id': (v) => attachment(v, 'InstanceId').map(String),
      'attachment.device': (v) => attachment(v, 'Device').map(String),
      'attachment.status': (v) => attachment(v, 'State').map(String),
      'attachment.delete-on-termination': (v) => attachment(v, 'DeleteOnTermination').map(String),
      'attachment.attach-time': (v) => (v.Attachments ?? []).map((a) => a.AttachTime?.toISOString()),
    },
  };
}

export const describeVolumes: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, collection(layout), {
    ids: [
      {
        key: 'VolumeIds',
        indexOf: (id) => indexOfId(layout, 'volume', id, layout.volumes),
        notFound: (missing) =>
          new SandboxError('InvalidVolume.NotFound', `The volume${missing.length > 1 ? 's' : ''} '${missing.join(', ')}' does not exist.`),
      },
    ],
  });
};

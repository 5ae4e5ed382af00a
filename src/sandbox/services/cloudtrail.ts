import { arnOf, createdAt, tagsFor } from '../data/common.js';
import type { Cell } from '../data/ids.js';
import { EPOCH } from '../data/org.js';
import { hash32, hexOf, pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { lookupEvents } from './cloudtrail-lookup.js';
import { TRAIL_KIND as KIND, trailArnAt, trailName } from './cloudtrail-names.js';
import { indexOfName, parseArn, requiredString, stringList } from './lookup.js';
import { encryptionKeyArn } from './kms/keys.js';
import { serviceRoleArn } from './placement.js';
import { topicArnAt, topicCount } from './sns.js';
import { defineService, paginate, SandboxError, type KindCount, type Output, type RequestContext } from './service.js';


/**
 * cloudtrail.trail counts each trail once, in its home region. A multi-region trail also shows in
 * DescribeTrails of the account's other enabled regions as a shadow trail (with its HomeRegion),
 * exactly as AWS does; shadows are views of the same trail, so the truth does not count them.
 */
export const kinds: KindCount[] = [{ kind: KIND, scope: 'regional', count: trailCount }];

function trailCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, KIND);
}

/** A trail: its home cell and its index there. */
interface TrailRef {
  home: Cell;
  index: number;
}

function traits(universe: Universe, ref: TrailRef): number {
  return hash32(universe.seed, ref.home.accountId, ref.home.region, KIND, ref.index, 'traits');
}

function trailArn(universe: Universe, ref: TrailRef): string {
  return trailArnAt(universe, ref.home, ref.index);
}

function isMultiRegion(universe: Universe, ref: TrailRef): boolean {
  return traits(universe, ref) % 3 !== 0;
}

type SelectorMode = 'default' | 'data' | 'advanced';

function selectorMode(universe: Universe, ref: TrailRef): SelectorMode {
  const roll = (traits(universe, ref) >>> 4) % 10;
  return roll < 6 ? 'default' : roll < 8 ? 'data' : 'advanced';
}

function trailAt(universe: Universe, ref: TrailRef): Output {
  const { home, index } = ref;
  const roll = traits(universe, ref);
  const multiRegion = isMultiRegion(universe, ref);
  const topics = topicCount(universe, home);
  const topicArn = (roll >>> 8) % 5 === 0 && topics > 0 ? topicArnAt(universe, home, (roll >>> 11) % topics) : undefined;
  const logGroup = `aws-cloudtrail-logs-${home.accountId}-${hexOf(8, universe.seed, home.accountId, home.region, KIND, index, 'logs')}`;
  const kmsKeyId = (roll >>> 14) % 10 < 3 ? encryptionKeyArn(universe, home, KIND, index) : undefined;
  return {
    Name: trailName(universe, home, index),
    S3BucketName: `aws-cloudtrail-logs-${home.accountId}-${hexOf(8, universe.seed, home.accountId, home.region, KIND, index, 'bucket')}`,
    ...((roll >>> 17) % 2 === 0 ? { S3KeyPrefix: pick(['cloudtrail', 'audit', 'logs'], universe.seed, KIND, index, roll) } : {}),
    ...(topicArn ? { SnsTopicName: topicArn.split(':').pop(), SnsTopicARN: topicArn } : {}),
    IncludeGlobalServiceEvents: multiRegion || (roll >>> 18) % 2 === 0,
    IsMultiRegionTrail: multiRegion,
    HomeRegion: home.region,
    TrailARN: trailArn(universe, ref),
    LogFileValidationEnabled: (roll >>> 19) % 10 < 7,
    ...((roll >>> 23) % 10 < 4
      ? {
          CloudWatchLogsLogGroupArn: arnOf('logs', home.region, home.accountId, `log-group:${logGroup}:*`),
          CloudWatchLogsRoleArn: serviceRoleArn(universe, home.accountId, 'cloudtrail-logs-role', home.region, KIND, index),
        }
      : {}),
    ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
    HasCustomEventSelectors: selectorMode(universe, ref) !== 'default',
    HasInsightSelectors: (roll >>> 27) % 10 === 0,
    IsOrganizationTrail: false,
  };
}

/** Trails DescribeTrails shows in the caller's region: its own, then shadows of other regions' multi-region trails. */
function visibleTrails(universe: Universe, cell: Cell, includeShadows: boolean): TrailRef[] {
  const refs: TrailRef[] = [];
  for (let index = 0; index < trailCount(universe, cell); index++) refs.push({ home: cell, index });
  if (!includeShadows) return refs;
  for (const region of universe.enabledRegions(cell.accountId)) {
    if (region === cell.region) continue;
    const home = { accountId: cell.accountId, region };
    for (let index = 0; index < trailCount(universe, home); index++) {
      if (isMultiRegion(universe, { home, index })) refs.push({ home, index });
    }
  }
  return refs;
}

/**
 * A trail by name (only the caller's region's own trails, as AWS resolves names) or by ARN (any
 * trail of the account that is visible in the caller's region, shadows included).
 */
function findTrail(universe: Universe, cell: Cell, reference: string): TrailRef | undefined {
  let home = cell;
  let name = reference;
  if (reference.startsWith('arn:')) {
    const arn = parseArn(reference);
    if (!arn || arn.service !== 'cloudtrail' || arn.accountId !== cell.accountId || !arn.resource.startsWith('trail/')) {
      return undefined;
    }
    home = { accountId: arn.accountId, region: arn.region };
    name = arn.resource.slice('trail/'.length);
  }
  const index = indexOfName(name, trailCount(universe, home), (i) => trailName(universe, home, i));
  if (index === undefined) return undefined;
  const ref = { home, index };
  return home.region === cell.region || isMultiRegion(universe, ref) ? ref : undefined;
}

function requireTrail(ctx: RequestContext, reference: string): TrailRef {
  const ref = findTrail(ctx.universe, ctx.cell, reference);
  if (!ref) {
    throw new SandboxError('TrailNotFoundException', `Unknown trail: ${reference} for the user: ${ctx.cell.accountId}`);
  }
  return ref;
}

/** Status strings AWS still sends beside the timestamps, in its own format. */
function statusTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function trailStatus(universe: Universe, ref: TrailRef): Output {
  const trail = trailAt(universe, ref);
  const roll = hash32(universe.seed, ref.home.accountId, ref.home.region, KIND, ref.index, 'status');
  const started = createdAt(universe.seed, ref.home, KIND, ref.index);
  const logging = roll % 10 !== 0;
  const stopped = new Date(EPOCH - (1 + ((roll >>> 4) % 30)) * 86_400_000);
  const delivered = logging ? new Date(EPOCH - (1 + ((roll >>> 9) % 900)) * 1000) : stopped;
  const status: Output = {
    IsLogging: logging,
    LatestDeliveryTime: delivered,
    LatestDeliveryAttemptTime: statusTime(delivered),
    LatestDeliveryAttemptSucceeded: statusTime(delivered),
    StartLoggingTime: started,
    TimeLoggingStarted: statusTime(started),
    TimeLoggingStopped: '',
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
  };
  if (!logging) {
    status.StopLoggingTime = stopped;
    status.TimeLoggingStopped = statusTime(stopped);
  }
  if (trail.LogFileValidationEnabled === true) status.LatestDigestDeliveryTime = new Date(delivered.getTime() - 1_800_000);
  if (trail.SnsTopicARN !== undefined) {
    status.LatestNotificationTime = delivered;
    status.LatestNotificationAttemptTime = statusTime(delivered);
    status.LatestNotificationAttemptSucceeded = statusTime(delivered);
  }
  if (trail.CloudWatchLogsLogGroupArn !== undefined) status.LatestCloudWatchLogsDeliveryTime = delivered;
  return status;
}

function eventSelectors(universe: Universe, ref: TrailRef): Output {
  const mode = selectorMode(universe, ref);
  if (mode === 'advanced') {
    return {
      AdvancedEventSelectors: [
        { Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'Log all S3 data events',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          ],
        },
      ],
    };
  }
  const dataResources =
    mode === 'data'
      ? [
          { Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] },
          { Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] },
        ]
      : [];
  return {
    EventSelectors: [
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: dataResources,
        ExcludeManagementEventSources: mode === 'data' ? ['kms.amazonaws.com'] : [],
      },
    ],
  };
}

export const cloudtrailService = defineService({
  name: 'cloudtrail',
  kinds,
  handlers: {
    DescribeTrails(input, ctx) {
      const names = stringList(input, 'trailNameList');
      if (names.length > 0) {
        // AWS leaves out names it does not find instead of failing the call.
        const refs = names.map((n) => findTrail(ctx.universe, ctx.cell, n)).filter((r): r is TrailRef => r !== undefined);
        return { trailList: refs.map((ref) => trailAt(ctx.universe, ref)) };
      }
      const includeShadows = input.includeShadowTrails !== false;
      return { trailList: visibleTrails(ctx.universe, ctx.cell, includeShadows).map((ref) => trailAt(ctx.universe, ref)) };
    },

    GetTrailStatus(input, ctx) {
      return trailStatus(ctx.universe, requireTrail(ctx, requiredString(input, 'Name', 'InvalidTrailNameException')));
    },

    GetEventSelectors(input, ctx) {
      const ref = requireTrail(ctx, requiredString(input, 'TrailName', 'InvalidTrailNameException'));
      return { TrailARN: trailArn(ctx.universe, ref), ...eventSelectors(ctx.universe, ref) };
    },

    LookupEvents: lookupEvents,

    ListTags(input, ctx) {
      const ids = stringList(input, 'ResourceIdList');
      if (ids.length === 0 || ids.length > 20) {
        throw new SandboxError('InvalidParameterException', 'ResourceIdList must contain between 1 and 20 ARNs.');
      }
      const refs = ids.map((id) => {
        if (!parseArn(id)) throw new SandboxError('CloudTrailARNInvalidException', `Invalid ARN: ${id}`);
        const ref = findTrail(ctx.universe, ctx.cell, id);
        if (!ref) throw new SandboxError('ResourceNotFoundException', `Resource not found: ${id}`);
        return { id, ref };
      });
      return paginate(input, ctx, refs.length, (i) => {
        const entry = refs[i];
        if (!entry) return undefined;
        return { ResourceId: entry.id, TagsList: tagsFor(ctx.universe, entry.ref.home, KIND, entry.ref.index) };
      });
    },
  },
});

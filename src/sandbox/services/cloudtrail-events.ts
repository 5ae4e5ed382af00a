import { removalSecond } from '../data/event-timeline.js';
import { hexId, parseHexId, type Cell } from '../data/ids.js';
import { hash32, hexOf, uuidOf } from '../data/random.js';
import type { RemovalRecord } from '../data/removals.js';
import type { Universe } from '../data/universe.js';
import { actorAt, adminActor, type Actor } from './cloudtrail-actors.js';
import { GLOBAL_EVENTS_REGION, kindEvents } from './cloudtrail-kinds.js';
import { templateAt, templatesFor } from './cloudtrail-templates.js';
import type { Output } from './service.js';

/**
 * The CloudTrail events of a cell, built one at a time: generated event n (its time from the
 * timeline, its call, caller and resource from hashes of (seed, cell, n)) and the events of the
 * runtime removals. An event depends only on what existed at its time, so once the clock has
 * passed it, it never changes, whatever is removed later.
 */
export interface EventCore {
  id: string;
  timeSec: number;
  /**
   * Order within the cell: generated events at their second, removals at the millisecond they were
   * made, so a removal follows every event that existed when it happened.
   */
  orderMs: number;
  name: string;
  source: string;
  readOnly: boolean;
  actor: Actor;
  resources: Array<{ ResourceType: string; ResourceName: string }>;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  signIn: boolean;
}

/** What building events needs beyond the universe: the cell and its sandbox-admin's access key. */
export interface EventScope {
  universe: Universe;
  cell: Cell;
  adminKeyId: string;
}

const GENERATED = 'cloudtrail.event';
const REMOVAL = 'cloudtrail.removal-event';
const REMOVAL_PART = 'cloudtrail.removal-event-part';

function uuidFrom(h: string): string {
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Event ids encode what they name (scrambled like resource ids), so an EventId lookup needs no index. */
export function generatedEventId(universe: Universe, cell: Cell, n: number): string {
  const head = hexId('e', universe.seed, cell, GENERATED, n, 8).slice(2);
  return uuidFrom(head + hexOf(24, universe.seed, cell.accountId, cell.region, 'event-id', n));
}

export function removalEventId(universe: Universe, cell: Cell, seq: number, k: number): string {
  const head = hexId('e', universe.seed, cell, REMOVAL, seq, 8).slice(2);
  // The part's salt includes seq, so the first events of two removals do not end alike.
  const tail = hexId('e', universe.seed, cell, `${REMOVAL_PART}/${seq}`, k, 8).slice(2);
  return uuidFrom(head + hexOf(16, universe.seed, cell.accountId, cell.region, 'removal-event-id', seq, k) + tail);
}

export type EventRef = { type: 'generated'; n: number } | { type: 'removal'; record: RemovalRecord; k: number };

/** What an EventId names in a cell, if it is one of the cell's event ids (existing or not yet). */
export function parseEventId(universe: Universe, cell: Cell, id: string): EventRef | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  const head = `e-${id.slice(0, 8)}`;
  const n = parseHexId(head, 'e', universe.seed, cell, GENERATED, 8);
  if (n !== undefined && generatedEventId(universe, cell, n) === id) return { type: 'generated', n };
  const seq = parseHexId(head, 'e', universe.seed, cell, REMOVAL, 8);
  const record = seq === undefined ? undefined : universe.removals.bySeq(seq);
  const k = record ? parseHexId(`e-${id.slice(-8)}`, 'e', universe.seed, cell, `${REMOVAL_PART}/${record.seq}`, 8) : undefined;
  if (!record || k === undefined || k >= record.events || record.eventCell.accountId !== cell.accountId || record.eventCell.region !== cell.region) {
    return undefined;
  }
  return removalEventId(universe, cell, record.seq, k) === id ? { type: 'removal', record, k } : undefined;
}

/** Generated event n of the scope's cell. */
export function generatedEvent(scope: EventScope, n: number): EventCore {
  const { universe, cell } = scope;
  const timeSec = universe.timeline.timeOf(cell, n);
  const draw = (what: string) => hash32(universe.seed, cell.accountId, cell.region, 'event', n, what);
  const table = templatesFor(cell.region, GLOBAL_EVENTS_REGION);
  const template = templateAt(table, draw('template') % table.total);
  let name = template.name;
  let resources: EventCore['resources'] = [];
  let requestParameters: Record<string, unknown> | null = null;
  const spec = template.kind ? kindEvents[template.kind] : undefined;
  if (template.kind && spec) {
    const kindCell = universe.scopeOf(template.kind) === 'global' ? { accountId: cell.accountId, region: 'global' } : cell;
    const count = universe.allocatedAt(kindCell, template.kind, timeSec * 1000);
    if (count > 0) {
      const resource = spec.nameAt(universe, kindCell, draw('resource') % count);
      resources = [{ ResourceType: spec.resourceType, ResourceName: resource }];
      requestParameters = template.params ? template.params(resource) : { [template.param ?? 'name']: resource };
    } else {
      name = template.fallback ?? name;
    }
  }
  const signIn = template.signIn === true;
  // A fallback is the service's list call, a read.
  const readOnly = template.readOnly || name !== template.name;
  return {
    id: generatedEventId(universe, cell, n),
    timeSec,
    orderMs: timeSec * 1000,
    name,
    source: template.source,
    readOnly,
    actor: actorAt(universe, cell, n, timeSec, { readOnly, signIn }, scope.adminKeyId),
    resources,
    requestParameters,
    responseElements: signIn ? { ConsoleLogin: 'Success' } : null,
    signIn,
  };
}

/** The names event k of a removal covers: one resource, or a batch for calls that take many. */
export function removalBatch(record: RemovalRecord, k: number): string[] {
  const start = record.from + k * record.batch;
  const end = Math.min(record.from + record.count, start + record.batch);
  const names: string[] = [];
  for (let i = start; i < end; i++) names.push(record.nameOf(i));
  return names;
}

/** Event k of a removal, made by the account's sandbox-admin. */
export function removalEvent(scope: EventScope, record: RemovalRecord, k: number): EventCore {
  const spec = kindEvents[record.kind];
  if (!spec) throw new Error(`no CloudTrail description of ${record.kind}`);
  const names = removalBatch(record, k);
  const terminated = record.kind === 'ec2.instance';
  return {
    id: removalEventId(scope.universe, scope.cell, record.seq, k),
    timeSec: removalSecond(record.atMs),
    orderMs: record.atMs,
    name: spec.deleteEvent,
    source: spec.source,
    readOnly: false,
    actor: adminActor(scope.universe, scope.cell.accountId, scope.adminKeyId),
    resources: names.map((name) => ({ ResourceType: spec.resourceType, ResourceName: name })),
    requestParameters: spec.deleteParams(names, record.cell),
    responseElements: terminated
      ? {
          instancesSet: {
            items: names.map((instanceId) => ({
              instanceId,
              currentState: { code: 32, name: 'shutting-down' },
              previousState: { code: 16, name: 'running' },
            })),
          },
        }
      : null,
    signIn: false,
  };
}

function isoSeconds(sec: number): string {
  return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function userIdentity(actor: Actor): Record<string, unknown> {
  const base: Record<string, unknown> = { type: actor.type, principalId: actor.principalId, arn: actor.arn, accountId: actor.accountId };
  if (actor.accessKeyId) base.accessKeyId = actor.accessKeyId;
  if (actor.type === 'IAMUser') base.userName = actor.username;
  const created = actor.sessionCreated ? { creationDate: actor.sessionCreated.toISOString().replace(/\.\d{3}Z$/, 'Z') } : {};
  if (actor.issuer) {
    base.sessionContext = {
      sessionIssuer: { type: 'Role', principalId: actor.issuer.principalId, arn: actor.issuer.arn, accountId: actor.accountId, userName: actor.issuer.roleName },
      attributes: { ...created, mfaAuthenticated: 'false' },
    };
  } else if (actor.console && actor.accessKeyId) {
    base.sessionContext = { attributes: { ...created, mfaAuthenticated: 'true' } };
  }
  return base;
}

/** The record CloudTrail stores, as the JSON string LookupEvents returns in CloudTrailEvent. */
function cloudTrailRecord(core: EventCore, cell: Cell, seed: number): string {
  const record: Record<string, unknown> = {
    eventVersion: core.signIn ? '1.08' : '1.09',
    userIdentity: userIdentity(core.actor),
    eventTime: isoSeconds(core.timeSec),
    eventSource: core.source,
    eventName: core.name,
    awsRegion: cell.region,
    sourceIPAddress: core.actor.sourceIp,
    userAgent: core.actor.userAgent,
    requestParameters: core.requestParameters,
    responseElements: core.responseElements,
    ...(core.signIn ? { additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' } } : {}),
    requestID: uuidOf(seed, 'event-request', core.id),
    eventID: core.id,
    readOnly: core.readOnly,
    eventType: core.signIn ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: cell.accountId,
    eventCategory: 'Management',
    ...(core.actor.console && !core.signIn ? { sessionCredentialFromConsole: 'true' } : {}),
  };
  return JSON.stringify(record);
}

/** An event as LookupEvents returns it. */
export function lookupEventOf(core: EventCore, cell: Cell, seed: number): Output {
  return {
    EventId: core.id,
    EventName: core.name,
    ReadOnly: String(core.readOnly),
    ...(core.actor.accessKeyId ? { AccessKeyId: core.actor.accessKeyId } : {}),
    EventTime: new Date(core.timeSec * 1000),
    EventSource: core.source,
    Username: core.actor.username,
    Resources: core.resources,
    CloudTrailEvent: cloudTrailRecord(core, cell, seed),
  };
}

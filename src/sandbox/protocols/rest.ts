import type { Operation, ServiceModel, ShapeRef } from '../../models/types.js';
import { SandboxError } from '../errors.js';
import { fromJsonValue, toJsonValue } from './json.js';
import { INVALID_INPUT, formatTimestamp, isRecord, membersOf, resolve, scalarFromText, toDate, typeOf, wireName } from './shapes.js';
import { element, escapeXml, structureContent } from './xml.js';
import type { WireRequest, WireResponse } from './wire.js';

/**
 * The rest-json and rest-xml protocols: the operation is found by method and URI template
 * (`GET /{Bucket}?tagging`), input members come from URI labels, the query string, headers and
 * the body, and output members go to headers, the status code and the body.
 */
interface Route {
  operation: string;
  method: string;
  segments: string[];
  query: Array<[string, string | undefined]>;
  specificity: number;
}

const routeCache = new WeakMap<ServiceModel, Route[]>();

function routesOf(model: ServiceModel): Route[] {
  const cached = routeCache.get(model);
  if (cached) return cached;
  const routes = Object.entries(model.operations).map(([operation, op]) => {
    const uri = op.http?.requestUri ?? '/';
    const [path = '/', queryPart] = uri.split('?');
    const segments = pathSegments(path);
    const query = (queryPart ?? '')
      .split('&')
      .filter((q) => q !== '')
      .map((q): [string, string | undefined] => {
        const [k = '', v] = q.split('=');
        return [k, v];
      });
    const literals = segments.filter((s) => !s.startsWith('{')).length;
    return { operation, method: op.http?.method ?? 'POST', segments, query, specificity: literals * 10 + query.length * 100 };
  });
  routes.sort((a, b) => b.specificity - a.specificity);
  routeCache.set(model, routes);
  return routes;
}

/** Path segments without a trailing empty one: the v2 models and today's SDKs disagree on trailing slashes. */
function pathSegments(path: string): string[] {
  const segments = path.split('/').slice(1);
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function matchRoute(route: Route, method: string, segments: string[], query: URLSearchParams): Map<string, string> | undefined {
  if (route.method !== method) return undefined;
  const labels = new Map<string, string>();
  for (let i = 0; i < route.segments.length; i++) {
    const pattern = route.segments[i] ?? '';
    const label = /^\{([^}]+?)(\+)?\}$/.exec(pattern);
    if (label) {
      const [, name = '', greedy] = label;
      const value = greedy ? segments.slice(i).join('/') : segments[i];
      if (value === undefined || value === '') return undefined;
      labels.set(name, decodeLabel(value));
      if (greedy) return route.query.every(([k, v]) => query.has(k) && (v === undefined || query.get(k) === v)) ? labels : undefined;
    } else if (pattern !== segments[i]) {
      return undefined;
    }
  }
  if (segments.length !== route.segments.length) return undefined;
  return route.query.every(([k, v]) => query.has(k) && (v === undefined || query.get(k) === v)) ? labels : undefined;
}

function decodeLabel(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SandboxError(INVALID_INPUT, `The URI segment ${value} is not valid percent-encoding.`);
  }
}

export function decodeRestRequest(
  model: ServiceModel,
  request: WireRequest,
): { operation: string; input: Record<string, unknown> } | undefined {
  const segments = pathSegments(request.path.split('?')[0] ?? '/');
  for (const route of routesOf(model)) {
    const labels = matchRoute(route, request.method, segments, request.query);
    if (!labels) continue;
    const op = model.operations[route.operation] as Operation;
    return { operation: route.operation, input: op.input ? decodeInput(model, resolve(model, op.input), labels, request) : {} };
  }
  return undefined;
}

function decodeInput(model: ServiceModel, shape: ShapeRef, labels: Map<string, string>, request: WireRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const bodyMembers: Record<string, ShapeRef> = {};
  for (const [memberName, member] of membersOf(model, shape)) {
    const name = wireName(memberName, member);
    if (member.location === 'uri') {
      const value = labels.get(name);
      if (value !== undefined) input[memberName] = scalarFromText(member, value);
    } else if (member.location === 'querystring') {
      if (typeOf(member) === 'list') {
        const values = request.query.getAll(name);
        if (values.length > 0) input[memberName] = values;
      } else {
        const value = request.query.get(name);
        if (value !== null) input[memberName] = scalarFromText(member, value);
      }
    } else if (member.location === 'header') {
      const value = request.headers[name.toLowerCase()];
      if (value !== undefined) input[memberName] = scalarFromText(member, value);
    } else if (!member.location) {
      bodyMembers[memberName] = member;
    }
  }
  const text = request.body.toString('utf8').trim();
  if (text.startsWith('{') && model.metadata.protocol === 'rest-json') {
    const parsed = fromJsonValue(model, { type: 'structure', members: bodyMembers }, JSON.parse(text));
    if (isRecord(parsed)) Object.assign(input, parsed);
  }
  return input;
}

function headerValue(member: ShapeRef, value: unknown): string {
  if (typeOf(member) === 'timestamp') {
    const date = toDate(value);
    if (date) return String(formatTimestamp(date, member.timestampFormat ?? 'rfc822'));
  }
  return String(value);
}

export function encodeRestOutput(model: ServiceModel, op: Operation, output: Record<string, unknown>, requestId: string, operation: string): WireResponse {
  const xml = model.metadata.protocol === 'rest-xml';
  const headers: Record<string, string> = xml
    ? { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') }
    : { 'x-amzn-requestid': requestId };
  let status = op.http?.responseCode ?? 200;
  const shape = op.output ? resolve(model, op.output) : { type: 'structure' as const, members: {} };
  for (const [memberName, member] of membersOf(model, shape)) {
    const value = output[memberName];
    if (value === undefined || value === null) continue;
    if (member.location === 'header') headers[wireName(memberName, member).toLowerCase()] = headerValue(member, value);
    else if (member.location === 'headers' && isRecord(value)) {
      for (const [k, v] of Object.entries(value)) headers[`${(member.locationName ?? '').toLowerCase()}${k}`] = String(v);
    } else if (member.location === 'statusCode') status = Number(value);
  }
  const payloadName = shape.payload;
  if (payloadName) {
    const member = resolve(model, shape.members?.[payloadName] ?? {});
    const value = output[payloadName];
    if (value === undefined || value === null) return { status, headers, body: '' };
    if (typeOf(member) !== 'structure') {
      headers['content-type'] = xml ? 'text/plain' : 'application/json';
      return { status, headers, body: typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value) };
    }
    if (!xml) return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(toJsonValue(model, member, value) ?? {}) };
    const name = shape.members?.[payloadName]?.locationName ?? member.locationName ?? payloadName;
    return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: xmlDocument(element(model, name, withS3Namespace(model, member), value)) };
  }
  if (!xml) return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(toJsonValue(model, shape, output) ?? {}) };
  const bodyMembers = membersOf(model, shape).filter(([, m]) => !m.location);
  // Everything went to headers (HeadBucket): S3 sends no document at all.
  if (bodyMembers.length === 0) return { status, headers, body: '' };
  const single = bodyMembers.length === 1 ? bodyMembers[0] : undefined;
  // A lone string member is the whole document (GetBucketLocation's <LocationConstraint>).
  if (single && typeOf(single[1]) === 'string') {
    const [memberName, member] = single;
    const text = output[memberName];
    const name = wireName(memberName, member);
    const ns = xmlns(model);
    return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: xmlDocument(text ? `<${name}${ns}>${escapeXml(String(text))}</${name}>` : `<${name}${ns}/>`) };
  }
  const root = shape.locationName ?? documentRoot(model, operation);
  const { attrs, body } = structureContent(model, shape, output);
  return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: xmlDocument(`<${root}${xmlns(model)}${attrs}>${body}</${root}>`) };
}

/**
 * The root element of S3 outputs whose members sit directly in the document. The v2 min.json
 * models replace the output shapes by inline structures and so lose the roots S3 sends (Smithy's
 * xmlName traits); these come from the S3 API reference. Outputs with a structure payload
 * (GetBucketEncryption, GetBucketPolicyStatus, GetPublicAccessBlock, GetBucketOwnershipControls)
 * are named by their payload member and need no entry.
 */
const s3DocumentRoots: Record<string, string> = {
  ListBuckets: 'ListAllMyBucketsResult',
  GetBucketAcl: 'AccessControlPolicy',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketLogging: 'BucketLoggingStatus',
  GetBucketNotificationConfiguration: 'NotificationConfiguration',
  GetBucketTagging: 'Tagging',
  GetBucketVersioning: 'VersioningConfiguration',
  GetBucketWebsite: 'WebsiteConfiguration',
};

/** An S3 operation missing from the table fails loudly rather than sending a root no client expects. */
function documentRoot(model: ServiceModel, operation: string): string {
  if (model.metadata.endpointPrefix !== 's3') return `${operation}Result`;
  const root = s3DocumentRoots[operation];
  if (!root) throw new Error(`S3 ${operation}: no document root known; add it to s3DocumentRoots in protocols/rest.ts`);
  return root;
}

function xmlns(model: ServiceModel): string {
  return model.metadata.endpointPrefix === 's3' ? ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"' : '';
}

function withS3Namespace(model: ServiceModel, shape: ShapeRef): ShapeRef {
  return model.metadata.endpointPrefix === 's3' && !shape.xmlNamespace ? { ...shape, xmlNamespace: { uri: 'http://s3.amazonaws.com/doc/2006-03-01/' } } : shape;
}

function xmlDocument(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

export function encodeRestError(model: ServiceModel, error: SandboxError, requestId: string, method: string): WireResponse {
  if (model.metadata.protocol === 'rest-xml') {
    const headers = {
      ...error.details.headers,
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
      'x-amz-id-2': Buffer.from(requestId).toString('base64'),
    };
    // HEAD responses carry no body; the SDK reads the code from the status.
    if (method === 'HEAD') return { status: error.status, headers, body: '' };
    const fields = Object.entries(error.details.fields ?? {})
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('');
    const body = `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${fields}<RequestId>${requestId}</RequestId></Error>`;
    return { status: error.status, headers, body: xmlDocument(body) };
  }
  return {
    status: error.status,
    headers: { ...error.details.headers, 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ message: error.message, Message: error.message, Type: error.senderFault ? 'User' : 'Service' }),
  };
}

import type { Operation, ServiceModel, ShapeRef } from '../../models/types.js';
import type { SandboxError } from '../errors.js';
import { escapeXml, structureContent } from './xml.js';
import { membersOf, resolve, scalarFromText, typeOf } from './shapes.js';
import type { WireResponse } from './wire.js';

/**
 * The query and ec2 protocols: form-encoded requests (`Action=…&Filter.1.Name=…`) and XML
 * responses. They differ in how names and lists appear on the wire, both ways.
 */
type Style = 'query' | 'ec2';

interface Node {
  value?: string;
  children: Map<string, Node>;
}

function tree(params: URLSearchParams): Node {
  const root: Node = { children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The names a member may have on the wire (EC2 capitalises locationName, query uses it as is). */
function candidateNames(memberName: string, member: ShapeRef, style: Style): string[] {
  const names = style === 'ec2'
    ? [member.queryName, member.locationName && capitalize(member.locationName), memberName]
    : [member.locationName, memberName];
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

function numbered(node: Node): Node[] {
  return [...node.children.entries()]
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

function decodeNode(model: ServiceModel, shape: ShapeRef, node: Node, style: Style): unknown {
  switch (typeOf(shape)) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [memberName, member] of membersOf(model, shape)) {
        const child = candidateNames(memberName, member, style)
          .map((n) => node.children.get(n))
          .find((c) => c !== undefined);
        if (child) out[memberName] = decodeNode(model, member, child, style);
      }
      return out;
    }
    case 'list': {
      const member = shape.member ? resolve(model, shape.member) : { type: 'string' as const };
      // Non-flattened query lists nest items under `member` (or the member's locationName).
      const holder = node.children.get('member') ?? (shape.member?.locationName ? node.children.get(shape.member.locationName) : undefined);
      const items = numbered(holder ?? node);
      return items.map((item) => decodeNode(model, member, item, style));
    }
    case 'map': {
      const keyShape = shape.key ? resolve(model, shape.key) : { type: 'string' as const };
      const valueShape = shape.value ? resolve(model, shape.value) : { type: 'string' as const };
      const entries = numbered(node.children.get('entry') ?? node);
      const keyName = shape.key?.locationName ?? 'key';
      const valueName = shape.value?.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      for (const entry of entries) {
        const key = entry.children.get(keyName);
        const value = entry.children.get(valueName);
        if (key?.value !== undefined && value) out[String(decodeNode(model, keyShape, key, style))] = decodeNode(model, valueShape, value, style);
      }
      return out;
    }
    default:
      return scalarFromText(shape, node.value ?? '');
  }
}

/** The operation name and decoded input of a query or ec2 request. */
export function decodeQueryRequest(
  model: ServiceModel,
  params: URLSearchParams,
  style: Style,
): { operation: string; input: Record<string, unknown> } {
  const operation = params.get('Action') ?? '';
  const op = model.operations[operation];
  if (!op) return { operation, input: {} };
  const input = op.input ? decodeNode(model, resolve(model, op.input), tree(params), style) : {};
  return { operation, input: input as Record<string, unknown> };
}

export function encodeQueryOutput(
  model: ServiceModel,
  operation: string,
  op: Operation,
  output: Record<string, unknown>,
  requestId: string,
  style: Style,
): WireResponse {
  const ns = model.metadata.xmlNamespace ?? '';
  const content = op.output ? structureContent(model, resolve(model, op.output), output).body : '';
  let body: string;
  if (style === 'ec2') {
    // EC2's namespace ends with a slash on the wire; the model omits it.
    const xmlns = ns.endsWith('/') ? ns : `${ns}/`;
    body = `<${operation}Response xmlns="${xmlns}"><requestId>${requestId}</requestId>${content}</${operation}Response>`;
  } else {
    const wrapper = op.output?.resultWrapper;
    const result = wrapper ? `<${wrapper}>${content}</${wrapper}>` : content;
    body =
      `<${operation}Response xmlns="${ns}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

export function encodeQueryError(model: ServiceModel, error: SandboxError, requestId: string, style: Style): WireResponse {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  const body =
    style === 'ec2'
      ? `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
      : `<ErrorResponse xmlns="${model.metadata.xmlNamespace ?? ''}"><Error><Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
        `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

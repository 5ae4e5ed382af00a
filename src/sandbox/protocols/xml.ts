import type { ServiceModel, ShapeRef } from '../../models/types.js';
import { formatTimestamp, isRecord, membersOf, resolve, typeOf, wireName } from './shapes.js';

/** Serialises values to XML by the model's rules (locationName, flattened, xmlAttribute, xmlNamespace). */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

function scalarText(shape: ShapeRef, value: unknown): string {
  if (typeOf(shape) === 'timestamp') {
    const date = value instanceof Date ? value : new Date(String(value));
    return String(formatTimestamp(date, shape.timestampFormat ?? 'iso8601'));
  }
  if (typeOf(shape) === 'blob') return Buffer.from(value as string | Uint8Array).toString('base64');
  return escapeXml(String(value));
}

function namespaceAttribute(shape: ShapeRef): string {
  const ns = shape.xmlNamespace;
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
}

/** One element `<name>…</name>` holding a value of the given (resolved) shape. */
export function element(model: ServiceModel, name: string, shape: ShapeRef, value: unknown, extraAttributes = ''): string {
  const attributes = namespaceAttribute(shape) + extraAttributes;
  switch (typeOf(shape)) {
    case 'structure': {
      const { attrs, body } = structureContent(model, shape, value);
      return `<${name}${attributes}${attrs}>${body}</${name}>`;
    }
    case 'list':
      return `<${name}${attributes}>${listContent(model, shape, value, false)}</${name}>`;
    case 'map':
      return `<${name}${attributes}>${mapContent(model, shape, value, false, name)}</${name}>`;
    default:
      return `<${name}${attributes}>${scalarText(shape, value)}</${name}>`;
  }
}

/** The attributes and child elements of a structure value (members absent or null are skipped). */
export function structureContent(model: ServiceModel, shape: ShapeRef, value: unknown): { attrs: string; body: string } {
  if (!isRecord(value)) return { attrs: '', body: '' };
  let attrs = '';
  let body = '';
  for (const [memberName, member] of membersOf(model, shape)) {
    const memberValue = value[memberName];
    if (memberValue === undefined || memberValue === null) continue;
    if (member.location && member.location !== 'uri' && member.location !== 'querystring') continue;
    const name = wireName(memberName, member);
    if (member.xmlAttribute) attrs += ` ${name}="${scalarText(member, memberValue)}"`;
    else if (member.flattened && typeOf(member) === 'list') body += listContent(model, member, memberValue, true, name);
    else if (member.flattened && typeOf(member) === 'map') body += mapContent(model, member, memberValue, true, name);
    else body += element(model, name, member, memberValue);
  }
  return { attrs, body };
}

function listContent(model: ServiceModel, shape: ShapeRef, value: unknown, flattened: boolean, ownName = ''): string {
  if (!Array.isArray(value) || !shape.member) return '';
  const member = resolve(model, shape.member);
  const name = shape.member.locationName ?? (flattened ? ownName : 'member');
  return value.map((item) => element(model, name, member, item)).join('');
}

function mapContent(model: ServiceModel, shape: ShapeRef, value: unknown, flattened: boolean, ownName: string): string {
  if (!isRecord(value) || !shape.key || !shape.value) return '';
  const keyShape = resolve(model, shape.key);
  const valueShape = resolve(model, shape.value);
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  const entryName = flattened ? ownName : 'entry';
  return Object.entries(value)
    .map(([k, v]) => `<${entryName}>${element(model, keyName, keyShape, k)}${element(model, valueName, valueShape, v)}</${entryName}>`)
    .join('');
}

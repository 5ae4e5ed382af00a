import type { ServiceModel, ShapeRef, ShapeType } from '../../models/types.js';
import { SandboxError } from '../errors.js';

/**
 * A reference resolved against the model: the target shape's traits, overridden by the
 * reference's own (locationName, flattened, ...), as the min.json format specifies.
 */
export function resolve(model: ServiceModel, ref: ShapeRef): ShapeRef {
  if (ref.shape === undefined) return ref;
  // Serialising a page resolves the same references thousands of times; models never change.
  const cached = resolved.get(ref);
  if (cached) return cached;
  const target = model.shapes[ref.shape];
  if (!target) throw new Error(`unknown shape ${ref.shape}`);
  const { shape: _ignored, ...own } = ref;
  const result = { ...resolve(model, target), ...own };
  resolved.set(ref, result);
  return result;
}

const resolved = new WeakMap<ShapeRef, ShapeRef>();
const members = new WeakMap<ShapeRef, Array<[string, ShapeRef]>>();

export function typeOf(shape: ShapeRef): ShapeType {
  return shape.type ?? 'string';
}

/** The name a member has on the wire: its locationName, else its model name. */
export function wireName(memberName: string, member: ShapeRef): string {
  return member.locationName ?? memberName;
}

/** Every member of a structure, resolved. */
export function membersOf(model: ServiceModel, shape: ShapeRef): Array<[string, ShapeRef]> {
  let list = members.get(shape);
  if (!list) {
    list = Object.entries(shape.members ?? {}).map(([name, ref]) => [name, resolve(model, ref)]);
    members.set(shape, list);
  }
  return list;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string' && value !== '') {
    const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/** Timestamps as each protocol writes them by default, unless the shape says otherwise. */
export function formatTimestamp(date: Date, format: 'iso8601' | 'unixTimestamp' | 'rfc822'): string | number {
  if (format === 'unixTimestamp') return date.getTime() / 1000;
  if (format === 'rfc822') return date.toUTCString();
  return date.toISOString();
}

/** A scalar read from text (query strings, headers, URI labels) as its shape's type. */
export function scalarFromText(shape: ShapeRef, text: string): unknown {
  switch (typeOf(shape)) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const value = Number(text);
      // The protocol layer turns this into each protocol's own validation error.
      if (text.trim() === '' || !Number.isFinite(value)) throw new SandboxError(INVALID_INPUT, `'${text}' is not a valid number.`);
      return value;
    }
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return toDate(text) ?? text;
    default:
      return text;
  }
}

/** The code scalar decoding raises; decodeRequest maps it to the protocol's validation error. */
export const INVALID_INPUT = 'InvalidInput';

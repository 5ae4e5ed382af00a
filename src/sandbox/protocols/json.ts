import type { Operation, ServiceModel, ShapeRef } from '../../models/types.js';
import type { SandboxError } from '../errors.js';
import { formatTimestamp, isRecord, membersOf, resolve, toDate, typeOf, wireName } from './shapes.js';
import type { WireResponse } from './wire.js';

/** Plain values -> JSON values by the model (timestamps as epoch seconds unless the shape says otherwise). */
export function toJsonValue(model: ServiceModel, shape: ShapeRef, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (typeOf(shape)) {
    case 'structure': {
      if (!isRecord(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [memberName, member] of membersOf(model, shape)) {
        if (member.location) continue;
        const converted = toJsonValue(model, member, value[memberName]);
        if (converted !== undefined) out[wireName(memberName, member)] = converted;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const member = shape.member ? resolve(model, shape.member) : {};
      return value.map((item) => toJsonValue(model, member, item) ?? null);
    }
    case 'map': {
      if (!isRecord(value)) return undefined;
      const valueShape = shape.value ? resolve(model, shape.value) : {};
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(model, valueShape, v) ?? null]));
    }
    case 'timestamp': {
      const date = toDate(value);
      return date ? formatTimestamp(date, shape.timestampFormat ?? 'unixTimestamp') : undefined;
    }
    case 'blob':
      return Buffer.from(value as string | Uint8Array).toString('base64');
    default:
      return value;
  }
}

/** JSON values -> plain values by the model (member names instead of wire names, Date for timestamps). */
export function fromJsonValue(model: ServiceModel, shape: ShapeRef, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (typeOf(shape)) {
    case 'structure': {
      if (!isRecord(value)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [memberName, member] of membersOf(model, shape)) {
        const converted = fromJsonValue(model, member, value[wireName(memberName, member)]);
        if (converted !== undefined) out[memberName] = converted;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const member = shape.member ? resolve(model, shape.member) : {};
      return value.map((item) => fromJsonValue(model, member, item));
    }
    case 'map': {
      if (!isRecord(value)) return undefined;
      const valueShape = shape.value ? resolve(model, shape.value) : {};
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJsonValue(model, valueShape, v)]));
    }
    case 'timestamp':
      return toDate(value);
    default:
      return value;
  }
}

function contentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

/** The operation of a JSON-protocol request comes from `X-Amz-Target: <targetPrefix>.<Operation>`. */
export function decodeJsonRequest(
  model: ServiceModel,
  target: string,
  body: Buffer,
): { operation: string; input: Record<string, unknown> } {
  // Target prefixes may contain dots themselves (com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101).
  const operation = target.slice(target.lastIndexOf('.') + 1);
  const op = model.operations[operation];
  const text = body.toString('utf8');
  const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
  const input = op?.input ? fromJsonValue(model, resolve(model, op.input), parsed) : {};
  return { operation, input: (input ?? {}) as Record<string, unknown> };
}

export function encodeJsonOutput(model: ServiceModel, op: Operation, output: Record<string, unknown>, requestId: string): WireResponse {
  const body = op.output ? toJsonValue(model, resolve(model, op.output), output) : {};
  return {
    status: 200,
    headers: { 'content-type': contentType(model), 'x-amzn-requestid': requestId },
    body: JSON.stringify(body ?? {}),
  };
}

export function encodeJsonError(model: ServiceModel, error: SandboxError, requestId: string): WireResponse {
  const headers: Record<string, string> = {
    'content-type': contentType(model),
    'x-amzn-requestid': requestId,
  };
  // Services that moved from query to JSON (SQS) keep their query error codes in this header.
  if (model.metadata.awsQueryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.senderFault ? 'Sender' : 'Receiver'}`;
  return { status: error.status, headers, body: JSON.stringify({ __type: error.code, message: error.message }) };
}

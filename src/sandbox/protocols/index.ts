import type { Operation, ServiceModel } from '../../models/types.js';
import { SandboxError } from '../errors.js';
import { decodeJsonRequest, encodeJsonError, encodeJsonOutput } from './json.js';
import { decodeQueryRequest, encodeQueryError, encodeQueryOutput } from './query.js';
import { decodeRestRequest, encodeRestError, encodeRestOutput } from './rest.js';
import { INVALID_INPUT } from './shapes.js';
import type { WireRequest, WireResponse } from './wire.js';

export type { WireRequest, WireResponse } from './wire.js';

/**
 * The five AWS protocols behind one interface. Which one applies comes from the service model,
 * so adding an operation to a service needs no serialisation code.
 */
const validationCodes: Record<ServiceModel['metadata']['protocol'], string> = {
  ec2: 'InvalidParameterValue',
  query: 'ValidationError',
  json: 'SerializationException',
  'rest-json': 'SerializationException',
  'rest-xml': 'InvalidArgument',
};

/**
 * What each protocol's services answer a request that names no operation they serve. rest-xml is
 * S3's protocol, and S3's code for functionality it does not offer is 501 NotImplemented (a 4xx
 * would tell clients their request was malformed); the JSON services name the missing target
 * (UnknownOperationException); the others say InvalidAction.
 */
function unknownOperation(protocol: ServiceModel['metadata']['protocol'], message: string): SandboxError {
  switch (protocol) {
    case 'rest-xml':
      return new SandboxError('NotImplemented', message, 501, false);
    case 'json':
      return new SandboxError('UnknownOperationException', message);
    default:
      return new SandboxError('InvalidAction', message);
  }
}

export function decodeRequest(model: ServiceModel, request: WireRequest): { operation: string; op: Operation; input: Record<string, unknown> } {
  try {
    return decodeWith(model, request);
  } catch (err) {
    if (err instanceof SandboxError && err.code === INVALID_INPUT) throw new SandboxError(validationCodes[model.metadata.protocol], err.message);
    throw err;
  }
}

function decodeWith(model: ServiceModel, request: WireRequest): { operation: string; op: Operation; input: Record<string, unknown> } {
  const protocol = model.metadata.protocol;
  let decoded: { operation: string; input: Record<string, unknown> } | undefined;
  if (protocol === 'query' || protocol === 'ec2') {
    const params = new URLSearchParams(request.query);
    const contentType = request.headers['content-type'] ?? '';
    if (request.body.length > 0 && contentType.includes('x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) params.append(k, v);
    }
    decoded = decodeQueryRequest(model, params, protocol);
  } else if (protocol === 'json') {
    const target = request.headers['x-amz-target'] ?? '';
    try {
      decoded = decodeJsonRequest(model, target, request.body);
    } catch {
      throw new SandboxError('SerializationException', 'The request body is not valid JSON.');
    }
  } else {
    decoded = decodeRestRequest(model, request);
  }
  const op = decoded ? model.operations[decoded.operation] : undefined;
  if (!decoded || !op) {
    const name = decoded?.operation || `${request.method} ${request.path}`;
    throw unknownOperation(protocol, `The action or operation ${name} is not valid for ${model.metadata.serviceId} in the canopy sandbox.`);
  }
  return { ...decoded, op };
}

export function encodeOutput(
  model: ServiceModel,
  operation: string,
  op: Operation,
  output: Record<string, unknown>,
  requestId: string,
): WireResponse {
  switch (model.metadata.protocol) {
    case 'query':
    case 'ec2':
      return encodeQueryOutput(model, operation, op, output, requestId, model.metadata.protocol);
    case 'json':
      return encodeJsonOutput(model, op, output, requestId);
    default:
      return encodeRestOutput(model, op, output, requestId, operation);
  }
}

export function encodeError(model: ServiceModel, error: SandboxError, requestId: string, method: string): WireResponse {
  switch (model.metadata.protocol) {
    case 'query':
    case 'ec2':
      return encodeQueryError(model, error, requestId, model.metadata.protocol);
    case 'json':
      return encodeJsonError(model, error, requestId);
    default:
      return encodeRestError(model, error, requestId, method);
  }
}

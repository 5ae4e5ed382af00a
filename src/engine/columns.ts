import type { ServiceModel, ShapeRef } from '../models/types.js';
import { toSnakeCase } from './naming.js';
import type { Column, ColumnType } from './schema.js';

/**
 * Columns derived from the AWS model of a table's item, as CloudQuery derives them from the SDK's
 * structs: every top-level member becomes a snake_case column; scalars keep their type, lists of
 * strings become string lists, other nested values JSON.
 */
function resolve(model: ServiceModel, ref: ShapeRef): ShapeRef {
  if (ref.shape === undefined) return ref;
  const target = model.shapes[ref.shape];
  if (!target) throw new Error(`unknown shape ${ref.shape} in ${model.metadata.serviceId}`);
  return { ...resolve(model, target), ...ref, shape: undefined };
}

export function columnTypeOf(model: ServiceModel, ref: ShapeRef): ColumnType {
  const shape = resolve(model, ref);
  switch (shape.type ?? 'string') {
    case 'integer':
    case 'long':
      return 'int';
    case 'float':
    case 'double':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'timestamp':
      return 'timestamp';
    case 'blob':
      return 'bytes';
    case 'list': {
      const member = shape.member ? resolve(model, shape.member) : undefined;
      return (member?.type ?? 'string') === 'string' ? 'string_list' : 'json';
    }
    case 'structure':
    case 'map':
      return 'json';
    default:
      return 'string';
  }
}

/**
 * The shape of the items a table lists: an operation's output followed along a path such as
 * `Reservations[].Instances[]` (`[]` steps into list members); `''` is the output itself.
 */
export function itemShape(model: ServiceModel, operation: string, path: string): ShapeRef {
  const op = model.operations[operation];
  if (!op?.output) throw new Error(`${model.metadata.serviceId} has no operation ${operation} with an output`);
  let shape = resolve(model, op.output);
  // The empty path is the output itself.
  for (const step of path === '' ? [] : path.split('.')) {
    const list = step.endsWith('[]');
    const name = list ? step.slice(0, -2) : step;
    const member = shape.members?.[name];
    if (!member) throw new Error(`${operation} output has no member ${name} (path ${path})`);
    shape = resolve(model, member);
    if (list) {
      if (shape.type !== 'list' || !shape.member) throw new Error(`${name} in ${path} is not a list`);
      shape = resolve(model, shape.member);
    }
  }
  return shape;
}

/** One column per top-level member of a structure, in the model's order. */
export function columnsFromShape(model: ServiceModel, shape: ShapeRef): Column[] {
  return Object.entries(shape.members ?? {}).map(([name, ref]) => ({ name: toSnakeCase(name), type: columnTypeOf(model, ref) }));
}

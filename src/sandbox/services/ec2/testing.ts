import type { ShapeRef } from '../../../models/types.js';
import type { Universe } from '../../data/universe.js';
import type { Input, Output } from '../service.js';
import { testContext } from '../testing.js';
import { ec2Service } from './index.js';

/** Helpers for the EC2 handler tests: call an operation as a given account and region. */
export interface Where {
  accountId?: string;
  region?: string;
}

export async function call(universe: Universe, operation: string, input: Input = {}, where: Where = {}): Promise<Output> {
  const handler = ec2Service.handlers[operation];
  if (!handler) throw new Error(`no handler for ${operation}`);
  return handler(input, testContext(universe, 'ec2', operation, where));
}

/** Every item of a list operation, following NextToken; also returns how many pages it took. */
export async function collect<T>(
  universe: Universe,
  operation: string,
  resultKey: string,
  input: Input = {},
  where: Where = {},
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const output = await call(universe, operation, token ? { ...input, NextToken: token } : input, where);
    items.push(...((output[resultKey] as T[] | undefined) ?? []));
    token = typeof output.NextToken === 'string' ? output.NextToken : undefined;
    pages += 1;
    if (pages > 100_000) throw new Error('pagination does not end');
  } while (token);
  return { items, pages };
}

/** The operation, its result member and the truth kind it lists (DescribeInstances lists reservations). */
export const listings = [
  { operation: 'DescribeInstances', resultKey: 'Reservations', kind: 'ec2.instance' },
  { operation: 'DescribeVpcs', resultKey: 'Vpcs', kind: 'ec2.vpc' },
  { operation: 'DescribeSubnets', resultKey: 'Subnets', kind: 'ec2.subnet' },
  { operation: 'DescribeSecurityGroups', resultKey: 'SecurityGroups', kind: 'ec2.security_group' },
  { operation: 'DescribeVolumes', resultKey: 'Volumes', kind: 'ec2.volume' },
  { operation: 'DescribeNetworkInterfaces', resultKey: 'NetworkInterfaces', kind: 'ec2.network_interface' },
  { operation: 'DescribeInternetGateways', resultKey: 'InternetGateways', kind: 'ec2.internet_gateway' },
  { operation: 'DescribeNatGateways', resultKey: 'NatGateways', kind: 'ec2.nat_gateway' },
  { operation: 'DescribeRouteTables', resultKey: 'RouteTables', kind: 'ec2.route_table' },
  { operation: 'DescribeAddresses', resultKey: 'Addresses', kind: 'ec2.eip' },
  { operation: 'DescribeImages', resultKey: 'Images', kind: 'ec2.image', input: { Owners: ['self'] } },
] as const;

export function truthCount(universe: Universe, kind: string, where: Required<Where>): number {
  const spec = ec2Service.kinds?.find((k) => k.kind === kind);
  if (!spec) throw new Error(`no kind ${kind}`);
  return spec.count(universe, where);
}

function resolve(ref: ShapeRef, shapes: Record<string, ShapeRef>): ShapeRef {
  return ref.shape ? { ...(shapes[ref.shape] ?? {}), ...ref } : ref;
}

/**
 * Paths in a handler's output that the model's output shape does not declare, or whose value has
 * the wrong kind: the protocol layer serialises by the model, so such members would be lost.
 */
export function modelViolations(value: unknown, ref: ShapeRef, allShapes: Record<string, ShapeRef>, path = '$'): string[] {
  const shape = resolve(ref, allShapes);
  if (value === undefined) return [];
  switch (shape.type ?? 'string') {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected a structure`];
      return Object.entries(value).flatMap(([key, member]) => {
        const memberRef = shape.members?.[key];
        return memberRef ? modelViolations(member, memberRef, allShapes, `${path}.${key}`) : [`${path}.${key}: not in the model`];
      });
    }
    case 'list':
      if (!Array.isArray(value)) return [`${path}: expected a list`];
      return value.flatMap((item, i) => (shape.member ? modelViolations(item, shape.member, allShapes, `${path}[${i}]`) : []));
    case 'timestamp':
      return value instanceof Date ? [] : [`${path}: expected a Date`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return typeof value === 'number' ? [] : [`${path}: expected a number`];
    default:
      return typeof value === 'string' ? [] : [`${path}: expected a string`];
  }
}

import { trailingIndex } from '../data/ids.js';
import type { Cell } from '../data/ids.js';
import { SandboxError } from './service.js';
import type { Input } from './service.js';

/**
 * Helpers shared by the service handlers: finding a generated item from the name or ARN a caller
 * sends (without any index in memory), tag format conversions, and AWS-style input validation.
 */

export interface Tag {
  Key: string;
  Value: string;
}

interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account field, e.g. `key/1234...` or `my-topic`. */
  resource: string;
}

/** The parts of an ARN, or undefined when the text is not one. */
export function parseArn(text: string): ParsedArn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

/** The cell an ARN points at, so handlers can check it is the caller's own. */
export function cellOfArn(arn: ParsedArn): Cell {
  return { accountId: arn.accountId, region: arn.region === '' ? 'global' : arn.region };
}

export function sameCell(a: Cell, b: Cell): boolean {
  return a.accountId === b.accountId && a.region === b.region;
}

/**
 * The index of an item named with indexedName among `count` items, or undefined. The name is
 * regenerated and compared, so a name with the right number but the wrong stem is not found.
 */
export function indexOfName(name: string, count: number, nameAt: (index: number) => string): number | undefined {
  const index = trailingIndex(name);
  if (index === undefined || index >= count) return undefined;
  return nameAt(index) === name ? index : undefined;
}

/**
 * The resource name an ARN or bare name refers to in the caller's cell: a bare name as is, an ARN
 * of the given service and resource type (`cluster/NAME`, or '' for ARNs that end in the name) only
 * when it is in that cell. Undefined for anything else.
 */
export function nameFromArnOrName(text: string, cell: Cell, service: string, resourceType: string): string | undefined {
  if (!text.startsWith('arn:')) return text;
  const arn = parseArn(text);
  if (!arn || arn.service !== service || !sameCell(cellOfArn(arn), cell)) return undefined;
  if (resourceType === '') return arn.resource;
  const prefix = `${resourceType}/`;
  return arn.resource.startsWith(prefix) ? arn.resource.slice(prefix.length) : undefined;
}

/** `[{ Key, Value }]` as a map, for services that return tags as an object (EKS, Lambda). */
export function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

/** `[{ Key, Value }]` with other member names, e.g. KMS `TagKey`/`TagValue`, ECS `key`/`value`. */
export function renameTags<K extends string, V extends string>(
  tags: readonly Tag[],
  keyName: K,
  valueName: V,
): Array<Record<K | V, string>> {
  return tags.map((t) => ({ [keyName]: t.Key, [valueName]: t.Value }) as Record<K | V, string>);
}

/** A required string member, or the service's validation error naming it. */
export function requiredString(input: Input, member: string, code = 'ValidationException'): string {
  const value = input[member];
  if (typeof value === 'string' && value !== '') return value;
  throw new SandboxError(
    code,
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

/** A list-of-strings member (absent means empty). */
export function stringList(input: Input, member: string): string[] {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string');
}

/** A short region code for names (`us-east-1` -> `use1`), as people abbreviate regions in names. */
export function regionCode(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${direction.charAt(0)}${number}`;
}

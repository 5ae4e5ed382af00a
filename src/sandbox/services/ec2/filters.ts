import { SandboxError, type Input } from '../service.js';

type FilterValue = string | number | boolean | undefined;

/** Filter name -> the item's values for it. An item matches when any value matches any pattern. */
export type FilterSpec<T> = Record<string, (item: T) => FilterValue | readonly FilterValue[]>;

export interface TagLike {
  Key?: string | undefined;
  Value?: string | undefined;
}

interface RawFilter {
  Name?: unknown;
  Values?: unknown;
}

/** The strings of a list-of-strings input member, or undefined when the caller left it out. */
export function stringList(input: Input, key: string): string[] | undefined {
  const value = input[key];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}

/** EC2 filter values are literal strings in which * and ? are wildcards. */
function globMatcher(pattern: string): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}

function asStrings(values: FilterValue | readonly FilterValue[]): string[] {
  const list: readonly FilterValue[] = Array.isArray(values) ? values : [values as FilterValue];
  return list.filter((v): v is string | number | boolean => v !== undefined).map(String);
}

/**
 * One predicate for the request's filters (all filters must match; within a filter, any value),
 * or undefined when there are none. Unknown filter names fail the request as they do in EC2.
 */
export function compileFilters<T>(
  input: Input,
  spec: FilterSpec<T>,
  tagsOf: (item: T) => readonly TagLike[] | undefined,
  key = 'Filters',
): ((item: T) => boolean) | undefined {
  const raw = input[key];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const tests = (raw as RawFilter[]).map((filter) => {
    const name = typeof filter.Name === 'string' ? filter.Name : '';
    const patterns = (Array.isArray(filter.Values) ? filter.Values : [])
      .filter((v): v is string => typeof v === 'string')
      .map(globMatcher);
    const values = accessor(name, spec, tagsOf);
    return (item: T) => values(item).some((value) => patterns.some((matches) => matches(value)));
  });
  return (item) => tests.every((test) => test(item));
}

function accessor<T>(
  name: string,
  spec: FilterSpec<T>,
  tagsOf: (item: T) => readonly TagLike[] | undefined,
): (item: T) => string[] {
  const own = spec[name];
  if (own) return (item) => asStrings(own(item));
  if (name.startsWith('tag:') && name.length > 4) {
    const tagKey = name.slice(4);
    return (item) => (tagsOf(item) ?? []).filter((t) => t.Key === tagKey).map((t) => t.Value ?? '');
  }
  if (name === 'tag-key') return (item) => (tagsOf(item) ?? []).map((t) => t.Key ?? '');
  if (name === 'tag-value') return (item) => (tagsOf(item) ?? []).map((t) => t.Value ?? '');
  throw new SandboxError('InvalidParameterValue', `The filter '${name}' is invalid`);
}

import { notFound, type Input } from '../service.js';

type IamResourceType = 'user' | 'role' | 'group' | 'policy' | 'instance-profile';

/** `arn:aws:iam::<account>:<type><path><name>`; paths start and end with '/'. */
export function iamArn(accountId: string, type: IamResourceType, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${type}${path}${name}`;
}

/** How many of start, start + step, start + 2·step, ... are below limit. */
export function progressionCount(limit: number, start: number, step: number): number {
  return start < limit ? Math.floor((limit - 1 - start) / step) + 1 : 0;
}

/** IAM's 404 for a missing user, role, group or inline policy, with AWS's wording. */
export function noSuchEntity(what: string, name: string): Error {
  return notFound('NoSuchEntity', `The ${what} with name ${name} cannot be found.`);
}

/** A paginate() filter for the PathPrefix parameter of IAM list operations. */
export function pathFilter(input: Input): ((item: unknown) => boolean) | undefined {
  const prefix = input.PathPrefix;
  if (typeof prefix !== 'string' || prefix === '' || prefix === '/') return undefined;
  return (item) => ((item as { Path?: string }).Path ?? '').startsWith(prefix);
}

/** A string input member, or the empty string. */
export function text(input: Input, member: string): string {
  const value = input[member];
  return typeof value === 'string' ? value : '';
}

import type { Universe } from '../../data/universe.js';
import { collectPages } from '../test-paging.js';
import { testContext } from '../testing.js';
import type { Input, Output, RequestContext } from '../service.js';
import { iamService } from './index.js';

/**
 * For the IAM unit tests: call a handler as an account's sandbox-admin, or follow every page of a
 * list operation. Kept out of *.test.ts so the suites share it.
 */
export function iamContext(universe: Universe, operation: string, accountId?: string): RequestContext {
  return testContext(universe, 'iam', operation, { accountId, global: true });
}

export async function iamCall(universe: Universe, operation: string, input: Input = {}, accountId?: string): Promise<Output> {
  const handler = iamService.handlers[operation];
  if (!handler) throw new Error(`no IAM handler ${operation}`);
  return handler(input, iamContext(universe, operation, accountId));
}

/** Every item of a list operation, following Marker/IsTruncated; `pageSize` sets MaxItems. */
export async function iamAll<T = Record<string, unknown>>(
  universe: Universe,
  operation: string,
  input: Input = {},
  accountId?: string,
  pageSize?: number,
): Promise<T[]> {
  const ctx = iamContext(universe, operation, accountId);
  const { items } = await collectPages(iamService.handlers[operation], ctx, pageSize ? { ...input, MaxItems: pageSize } : input);
  return items as T[];
}

/** The decoded JSON of a URL-encoded policy document. */
export function decodeDocument(encoded: unknown): { Version: string; Statement: Array<Record<string, unknown>> } {
  if (typeof encoded !== 'string') throw new Error('document is not a string');
  return JSON.parse(decodeURIComponent(encoded)) as { Version: string; Statement: Array<Record<string, unknown>> };
}

import type { Universe } from '../../data/universe.js';
import type { Input, Output } from '../service.js';
import { collectPages } from '../test-paging.js';
import { testContext } from '../testing.js';
import { s3Service } from './index.js';

/** For the S3 unit tests: call a handler as an account's sandbox-admin from a region's endpoint. */
export async function s3Call(universe: Universe, operation: string, input: Input, accountId?: string, region = 'us-east-1'): Promise<Output> {
  const handler = s3Service.handlers[operation];
  if (!handler) throw new Error(`no S3 handler ${operation}`);
  return handler(input, testContext(universe, 's3', operation, { accountId, region }));
}

export interface ListedBucket {
  Name: string;
  CreationDate: Date;
  BucketRegion: string;
}

/** Every bucket ListBuckets returns, following ContinuationToken; `pageSize` sets MaxBuckets. */
export async function listAllBuckets(universe: Universe, accountId: string, input: Input = {}, pageSize?: number): Promise<ListedBucket[]> {
  const ctx = testContext(universe, 's3', 'ListBuckets', { accountId });
  const { items } = await collectPages(s3Service.handlers.ListBuckets, ctx, pageSize ? { ...input, MaxBuckets: pageSize } : input);
  return items as ListedBucket[];
}

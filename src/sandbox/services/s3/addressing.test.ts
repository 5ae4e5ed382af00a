import { describe, expect, it } from 'vitest';
import { s3PathStyle, virtualHostedBucket } from './addressing.js';

describe('s3 addressing', () => {
  it('reads the bucket of virtual-hosted requests to localhost, IPv4 and S3-shaped hosts', () => {
    expect(virtualHostedBucket('my-bucket.localhost:4566')).toBe('my-bucket');
    expect(virtualHostedBucket('my-bucket.127.0.0.1:4566')).toBe('my-bucket');
    expect(virtualHostedBucket('my.dotted.bucket.10.0.0.12')).toBe('my.dotted.bucket');
    expect(virtualHostedBucket('my-bucket.s3.amazonaws.com')).toBe('my-bucket');
    expect(virtualHostedBucket('my-bucket.s3.eu-west-1.amazonaws.com')).toBe('my-bucket');
    expect(virtualHostedBucket('my-bucket.s3-eu-west-1.amazonaws.com')).toBe('my-bucket');
    expect(virtualHostedBucket('logs.2024.s3.local:9000')).toBe('logs.2024');
    expect(virtualHostedBucket('My-Bucket.LOCALHOST')).toBe('my-bucket');
  });

  it('treats endpoints themselves, dotted or not, as path style', () => {
    for (const host of [
      undefined,
      '',
      'localhost:4566',
      '127.0.0.1:4566',
      '[::1]:4566',
      'sandbox',
      'sandbox.test:4566',
      'canopy.sandbox.internal.example:80',
      's3.amazonaws.com',
      's3.eu-west-1.amazonaws.com',
      's3-eu-west-1.amazonaws.com',
    ]) {
      expect(virtualHostedBucket(host), String(host)).toBeUndefined();
    }
  });

  it('moves the bucket into the path', () => {
    expect(s3PathStyle('/', 'my-bucket.localhost:4566')).toBe('/my-bucket');
    expect(s3PathStyle('/key/part', 'my-bucket.localhost:4566')).toBe('/my-bucket/key/part');
    expect(s3PathStyle('/my-bucket', 'sandbox.test:4566')).toBe('/my-bucket');
    expect(s3PathStyle('/', '127.0.0.1:4566')).toBe('/');
  });
});

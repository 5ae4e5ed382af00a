/**
 * How S3 requests name their bucket. Path style puts it first in the path (`host/bucket?acl`);
 * virtual-hosted style puts it before the endpoint host (`bucket.host/?acl`). The sandbox routes on
 * paths, so a virtual-hosted request is rewritten to path style first.
 *
 * Only hosts shaped like S3 endpoints count as virtual-hosted: an endpoint may itself have dots
 * (`sandbox.test`, `sandbox.internal.example`), and taking its first label as a bucket would break
 * every path-style request sent to it.
 */
const virtualHosted = [
  // What the SDKs send for an endpoint of `http://localhost:PORT`.
  /^(.+)\.localhost$/,
  // An IPv4 endpoint with a bucket label in front (`bucket.127.0.0.1`).
  /^(.+)\.(?:\d{1,3}\.){3}\d{1,3}$/,
  // AWS and S3-compatible endpoints: `bucket.s3.amazonaws.com`, `bucket.s3.eu-west-1.amazonaws.com`,
  // `bucket.s3-eu-west-1.amazonaws.com`, `bucket.s3.local`. Lazy, so a bucket name with dots stays whole.
  /^(.+?)\.s3[.-]/,
];

/** The bucket a Host header (port allowed) names, or undefined for a path-style request. */
export function virtualHostedBucket(host: string | undefined): string | undefined {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  for (const pattern of virtualHosted) {
    const bucket = pattern.exec(name)?.[1];
    if (bucket) return bucket;
  }
  return undefined;
}

/** The request path in path style, whichever style the request used. */
export function s3PathStyle(path: string, host: string | undefined): string {
  const bucket = virtualHostedBucket(host);
  if (bucket === undefined) return path;
  return `/${bucket}${path === '/' ? '' : path}`;
}

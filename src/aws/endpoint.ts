import type { EndpointOptions } from './types.js';

/** The endpoint-related part of an SDK client's config. */
export interface EndpointClientConfig {
  region: string;
  endpoint?: string;
  /** S3 only; other clients ignore the key. */
  forcePathStyle?: boolean;
  disableHostPrefix?: boolean;
}

/**
 * Maps CloudQuery's custom_endpoint_* keys onto SDK v3 client config for a client of `region`.
 *
 * - No `customEndpointUrl`: nothing is set, so the SDK itself honours `AWS_ENDPOINT_URL`,
 *   `AWS_ENDPOINT_URL_<SERVICE>` and `endpoint_url` in the profile (as the Go SDK does).
 * - Hostname immutable: the SDK may otherwise rewrite the host (S3 virtual-hosted buckets,
 *   `hostPrefix` operations); path style and no host prefix keep it as given, as LocalStack needs.
 * - Signing region: the v3 SDK signs with the client's region, and with a custom endpoint the
 *   region is used for nothing else, so the client is created for the signing region. The caller
 *   keeps its own notion of the region (pool keys, rows), as Go's `Endpoint.SigningRegion` does.
 */
export function endpointClientConfig(options: EndpointOptions, region: string): EndpointClientConfig {
  const url = options.customEndpointUrl;
  if (!url) return { region };
  const config: EndpointClientConfig = { region: options.customEndpointSigningRegion || region, endpoint: url };
  if (options.customEndpointHostnameImmutable) {
    config.forcePathStyle = true;
    config.disableHostPrefix = true;
  }
  return config;
}

/** The partition of a region name, for ARNs when no identity says otherwise. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `arn:<partition>:...` -> partition; undefined for anything that is not an ARN. */
export function partitionOfArn(arn: string | undefined): string | undefined {
  const match = /^arn:([\w-]+):/.exec(arn ?? '');
  return match?.[1];
}

/** Redacts a URL's user-info so an endpoint with embedded credentials is never logged. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

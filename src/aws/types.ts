/**
 * Plain inputs of the AWS layer. They mirror the keys of CloudQuery's AWS source spec (camelCase)
 * so the config loader can map its schema onto them without this folder depending on it.
 */

/** One entry of `spec.accounts`, or `org.admin_account` / `org.member_trusted_principal`. */
export interface AccountSpec {
  /** An alias used in logs and summaries (CloudQuery: "used as an alias"), not necessarily the account id. */
  id?: string;
  localProfile?: string;
  roleArn?: string;
  roleSessionName?: string;
  externalId?: string;
  /** Region for STS and account-wide calls; us-east-1 when unset, as in CloudQuery. */
  defaultRegion?: string;
  /** Overrides the global `regions` for this account. */
  regions?: string[];
  /** Static keys (Resoto style). Environment variables or profiles are safer. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

export interface OrgSpec {
  adminAccount?: AccountSpec;
  memberTrustedPrincipal?: AccountSpec;
  memberRoleName: string;
  memberRoleSessionName?: string;
  memberExternalId?: string;
  memberRegions?: string[];
  organizationUnits?: string[];
  skipOrganizationUnits?: string[];
  skipMemberAccounts?: string[];
}

export interface EndpointOptions {
  customEndpointUrl?: string;
  /** true: the SDK must not rewrite the host (no virtual-hosted S3 buckets, no host prefixes). */
  customEndpointHostnameImmutable?: boolean;
  customEndpointPartitionId?: string;
  customEndpointSigningRegion?: string;
}

export interface RetryOptions {
  /** Retries after the first attempt (CloudQuery `max_retries`, default 10). */
  maxRetries?: number;
  /** Upper bound of one backoff delay in seconds (CloudQuery `max_backoff`, default 30). */
  maxBackoffSeconds?: number;
  /** Lower bound of one backoff delay in ms (Steampipe `min_error_retry_delay`, default 25). */
  minErrorRetryDelayMs?: number;
  /**
   * `standard`: exponential backoff with jitter. `adaptive`: the SDK's client-side rate limiter on
   * top, which slows a client down after throttling responses (one limiter per pooled client,
   * i.e. per account x region x service).
   */
  retryMode?: 'standard' | 'adaptive';
}

/** The part of the AWS source spec this folder reads. */
export interface AwsSourceOptions extends EndpointOptions, RetryOptions {
  regions?: string[];
  accounts?: AccountSpec[];
  org?: OrgSpec;
  /**
   * Accounts set up at once, each with its discovery calls one after another, so it also bounds
   * discovery's calls in flight (CloudQuery `initialization_concurrency`). Unset: CloudQuery's 4
   * for listed accounts, DEFAULT_ORGANIZATION_INITIALIZATION_CONCURRENCY for organization members.
   */
  initializationConcurrency?: number;
}

/** A line for the caller's logger. Never carries secrets. */
export type AwsLog = (level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, string | number | boolean>) => void;

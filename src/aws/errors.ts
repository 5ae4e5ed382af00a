/**
 * One classifier for every AWS error the engine sees. The SDK has already retried what it retries
 * (throttling and transient errors, within max_retries); what reaches here decides the fate of a
 * partition (table x account x region) or of one item.
 *
 * Sources: the codes the SDK surfaces as `error.name` for each protocol (and the sandbox's
 * src/sandbox/limits/error-codes.ts, which uses the real ones), the SDK's throttling list,
 * CloudQuery's IgnoreAccessDeniedServiceDisabled / isNotFoundError and Steampipe's
 * ignore_error_codes (glob patterns, on top of the built-in not-found codes).
 */

export type ErrorKind =
  | 'throttled'
  | 'access-denied'
  | 'not-opted-in'
  | 'service-unavailable-in-region'
  | 'not-found'
  | 'expired-credentials'
  | 'ignored'
  | 'failed';

export type ErrorAction = 'retry' | 'skip-partition' | 'skip-item' | 'refresh-credentials' | 'fail';

export interface ClassifiedError {
  kind: ErrorKind;
  action: ErrorAction;
  /** The AWS error code (`error.name` in SDK v3) or the Node network code, when there is one. */
  code: string | undefined;
  httpStatus: number | undefined;
  /** Short and human; secrets and key ids are redacted from anything quoted. */
  reason: string;
}

export interface ClassifyOptions {
  /** Extra codes that skip the partition (Steampipe's ignore_error_codes; `*` and `?` wildcards). */
  ignoreErrorCodes?: readonly string[];
}

/** An error in how the AWS layer was set up (bad spec); `code` is stable. */
export class AwsSetupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AwsSetupError';
  }
}

const actions: Record<ErrorKind, ErrorAction> = {
  throttled: 'retry',
  'access-denied': 'skip-partition',
  'not-opted-in': 'skip-partition',
  'service-unavailable-in-region': 'skip-partition',
  'not-found': 'skip-item',
  'expired-credentials': 'refresh-credentials',
  ignored: 'skip-partition',
  failed: 'fail',
};

/** The SDK's THROTTLING_ERROR_CODES (@smithy/core/retry), so both agree on what a throttle is. */
const throttling = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Temporary keys past their (server-side) lifetime: ec2, query, json/rest-json, S3. */
const expired = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);

/** CloudQuery's accessDeniedErrorStrings plus SNS's AuthorizationError and NotAuthorized. */
const accessDenied = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'InsufficientPrivilegesException',
  'NotAuthorized',
  'Unauthorized',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);

/**
 * A region the account has not enabled answers as if the keys were unknown, per protocol: ec2
 * AuthFailure, query InvalidClientTokenId, json UnrecognizedClientException, rest-xml
 * InvalidAccessKeyId. Plus OptInRequired / SubscriptionRequiredException (CloudQuery skips them).
 */
const notOptedIn = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'OptInRequired',
  'SubscriptionRequiredException',
]);

/** The service has no such operation, or is not offered, in this region / for this account. */
const unavailable = new Set([
  'InvalidAction',
  'UnknownOperationException',
  'UnsupportedOperation',
  'AWSOrganizationsNotInUseException',
]);
const unavailableMessage = /not (?:supported|available) in (?:this|the) region|is not available in region|service is not available in/i;

/** CloudQuery's isNotFoundError substrings. */
const notFoundParts = ['NotFound', 'NoSuch', 'NonExistent', 'InvalidAMIID.Unavailable', 'WAFNonexistentItemException'];

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  cause?: unknown;
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : {};
}

/** The AWS code: SDK v3 puts it in `name`; some paths keep `Code`; Node network errors use `code`. */
export function errorCode(err: unknown): string | undefined {
  const e = shape(err);
  for (const candidate of [e.Code, e.name, e.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error' && candidate !== 'ServiceException') return candidate;
  }
  return undefined;
}

/** Redacts secret-looking strings (40+ char base64, session tokens) and access key ids. */
export function redact(text: string): string {
  return text.replace(/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '<key-id>').replace(/[A-Za-z0-9/+=]{40,}/g, '<redacted>');
}

function messageOf(err: unknown): string {
  const m = shape(err).message;
  return typeof m === 'string' ? redact(m).slice(0, 300) : '';
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function matchesAny(code: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.includes('*') || p.includes('?') ? globToRegExp(p).test(code) : p === code));
}

function builtIn(err: unknown, code: string | undefined, status: number | undefined): ErrorKind {
  const e = shape(err);
  if (code && throttling.has(code)) return 'throttled';
  if (status === 429 || e.$retryable?.throttling === true) return 'throttled';
  if (code && expired.has(code)) return 'expired-credentials';
  if (code && accessDenied.has(code)) return 'access-denied';
  if (code && notOptedIn.has(code)) return 'not-opted-in';
  if (code && unavailable.has(code)) return 'service-unavailable-in-region';
  const message = messageOf(err);
  if (unavailableMessage.test(message)) return 'service-unavailable-in-region';
  // No DNS name for <service>.<region>.amazonaws.com: the service does not exist there.
  if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && /amazonaws\.com/.test(message)) return 'service-unavailable-in-region';
  if (code && notFoundParts.some((part) => code.includes(part))) return 'not-found';
  return 'failed';
}

const describe: Record<ErrorKind, string> = {
  throttled: 'throttled by AWS after all retries',
  'access-denied': 'access denied',
  'not-opted-in': 'region not enabled for the account (or keys not valid there)',
  'service-unavailable-in-region': 'service not available in this region',
  'not-found': 'resource not found',
  'expired-credentials': 'credentials expired',
  ignored: 'ignored by ignore_error_codes',
  failed: 'failed',
};

export function classifyError(err: unknown, options: ClassifyOptions = {}): ClassifiedError {
  const code = errorCode(err);
  const rawStatus = shape(err).$metadata?.httpStatusCode;
  const httpStatus = typeof rawStatus === 'number' ? rawStatus : undefined;
  let kind = builtIn(err, code, httpStatus);
  // Not-found keeps its narrower effect (skip one item); any other listed code skips the partition.
  if (kind !== 'not-found' && code && options.ignoreErrorCodes?.length && matchesAny(code, options.ignoreErrorCodes)) kind = 'ignored';
  const detail = kind === 'failed' ? messageOf(err) : '';
  const label = code ? `${describe[kind]} (${code})` : describe[kind];
  return { kind, action: actions[kind], code, httpStatus, reason: detail ? `${label}: ${detail}` : label };
}

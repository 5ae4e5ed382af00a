import type { Protocol } from '../../models/types.js';
import { SandboxError } from '../errors.js';

/**
 * The errors AWS answers with when a request is throttled, denied, unauthenticated or hits a
 * server fault. Codes differ by protocol and service; the SDK classifies them by these codes, so
 * they must be the real ones.
 */
type FaultKind = 'throttling' | 'accessDenied' | 'invalidToken' | 'expiredToken' | 'unavailable';

type Table = Record<FaultKind, [code: string, status: number, message: string]>;

const byProtocol: Record<Protocol, Table> = {
  ec2: {
    throttling: ['RequestLimitExceeded', 503, 'Request limit exceeded.'],
    accessDenied: ['UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'],
    invalidToken: ['AuthFailure', 401, 'AWS was not able to validate the provided access credentials'],
    expiredToken: ['RequestExpired', 400, 'Request has expired.'],
    unavailable: ['Unavailable', 503, 'The server is overloaded and cannot handle the request.'],
  },
  query: {
    throttling: ['Throttling', 400, 'Rate exceeded'],
    accessDenied: ['AccessDenied', 403, 'User is not authorized to perform this action'],
    invalidToken: ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.'],
    expiredToken: ['ExpiredToken', 400, 'The security token included in the request is expired'],
    unavailable: ['ServiceUnavailable', 503, 'Service is unavailable. Please try again later.'],
  },
  json: {
    throttling: ['ThrottlingException', 400, 'Rate exceeded'],
    accessDenied: ['AccessDeniedException', 400, 'User is not authorized to perform this action'],
    invalidToken: ['UnrecognizedClientException', 400, 'The security token included in the request is invalid.'],
    expiredToken: ['ExpiredTokenException', 400, 'The security token included in the request is expired'],
    unavailable: ['ServiceUnavailableException', 503, 'Service is unavailable. Please try again later.'],
  },
  'rest-json': {
    throttling: ['ThrottlingException', 429, 'Rate exceeded'],
    accessDenied: ['AccessDeniedException', 403, 'User is not authorized to perform this action'],
    invalidToken: ['UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
    expiredToken: ['ExpiredTokenException', 403, 'The security token included in the request is expired'],
    unavailable: ['ServiceUnavailableException', 503, 'Service is unavailable. Please try again later.'],
  },
  'rest-xml': {
    throttling: ['SlowDown', 503, 'Please reduce your request rate.'],
    accessDenied: ['AccessDenied', 403, 'Access Denied'],
    invalidToken: ['InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'],
    expiredToken: ['ExpiredToken', 400, 'The provided token has expired.'],
    unavailable: ['ServiceUnavailable', 503, 'Please reduce your request rate.'],
  },
};

/** Per-service departures from the protocol's codes. */
const overrides: Record<string, Partial<Table>> = {
  lambda: { throttling: ['TooManyRequestsException', 429, 'Rate exceeded'] },
  sns: { accessDenied: ['AuthorizationError', 403, 'User is not authorized to perform this action'] },
  sqs: { throttling: ['RequestThrottled', 400, 'Rate exceeded'] },
};

export function faultError(kind: FaultKind, protocol: Protocol, service: string): SandboxError {
  const [code, status, message] = overrides[service]?.[kind] ?? byProtocol[protocol][kind];
  return new SandboxError(code, message, status, kind !== 'unavailable');
}

/** The AWS layer: credentials, client pool, error classifier, account and region discovery. */
export type { AccountSpec, AwsLog, AwsSourceOptions, EndpointOptions, OrgSpec, RetryOptions } from './types.js';
export { assumeRoleProvider, createCredentialProvider, memoizeCredentials, type AssumeRoleSender, type CredentialContext, type CredentialProvider } from './credentials.js';
export { ClientPool, type ClientConstructor, type ClientPoolOptions, type ClientSource, type PoolAccount, type SdkClient } from './clients.js';
export { AwsSetupError, classifyError, errorCode, redact, type ClassifiedError, type ClassifyOptions, type ErrorAction, type ErrorKind } from './errors.js';
export {
  discoverAccounts,
  streamAccounts,
  type AccountStream,
  type DiscoveredAccount,
  type DiscoveryOptions,
  type DiscoveryResult,
  type FailedAccount,
  type ReadyAccount,
  type SkippedAccount,
  type StreamOptions,
} from './accounts.js';
export { resolveAccountRegions, resolveRegions, type AccountRegions, type RegionAccount } from './regions.js';
export { createRetryStrategy, resolveRetryOptions } from './retry.js';

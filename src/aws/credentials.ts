import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { endpointClientConfig } from './endpoint.js';
import { AwsSetupError } from './errors.js';
import { createRetryStrategy } from './retry.js';
import type { AccountSpec, EndpointOptions, RetryOptions } from './types.js';

/** The SDK's own refresh window (5 minutes before expiry), so clients never sign with dying keys. */
export const REFRESH_WINDOW_MS = 300_000;
/** Below this the keys are treated as expired: a request signed now could arrive after expiry. */
const EXPIRY_MARGIN_MS = 10_000;
/** A refresh() right after a forced one returns its keys instead of calling STS again. */
const REFRESH_DEBOUNCE_MS = 1_000;
export const DEFAULT_SESSION_NAME = 'canopy';
export const DEFAULT_REGION = 'us-east-1';

/**
 * One per account: every region and client of the account calls the same function. It carries
 * `memoized = true`, which tells SDK clients not to wrap it in their own per-client cache, so a
 * refresh (or a forced one after ExpiredToken) is seen by all of them at once.
 */
export interface CredentialProvider extends AwsCredentialIdentityProvider {
  readonly memoized: true;
  /** Where the keys come from, for logs: never keys or tokens. */
  readonly description: string;
  /** Fetches new keys now (after an expired-credentials error); concurrent calls share one fetch. */
  refresh(): Promise<AwsCredentialIdentity>;
}

export interface MemoizeOptions {
  refreshWindowMs?: number;
  now?: () => number;
}

/**
 * Caches keys until they come within the refresh window of their expiry. Inside the window the
 * current keys are still returned while one background fetch replaces them (the SDK's
 * memoizeChain semantics); past expiry callers wait for the fetch. Keys without an expiry are
 * kept for good, as the SDK does.
 */
export function memoizeCredentials(provider: AwsCredentialIdentityProvider, description: string, options: MemoizeOptions = {}): CredentialProvider {
  const now = options.now ?? Date.now;
  const window = options.refreshWindowMs ?? REFRESH_WINDOW_MS;
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let forcedAt = -Infinity;
  type Props = Parameters<AwsCredentialIdentityProvider>[0];

  const load = (props?: Props): Promise<AwsCredentialIdentity> => {
    pending ??= provider(props)
      .then((identity) => {
        current = identity;
        return identity;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const left = (identity: AwsCredentialIdentity) => (identity.expiration ? identity.expiration.getTime() - now() : Infinity);

  const memoized = async (props?: Props): Promise<AwsCredentialIdentity> => {
    if (!current || left(current) <= EXPIRY_MARGIN_MS) return load(props);
    if (left(current) < window && !pending) {
      // Background refresh: a failure keeps the current keys, and the next call tries again.
      load(props).catch(() => undefined);
    }
    return current;
  };
  return Object.assign(memoized, {
    memoized: true as const,
    description,
    refresh: async (): Promise<AwsCredentialIdentity> => {
      if (pending) return pending;
      // Many partitions hit ExpiredToken together: the first forces a fetch, the rest reuse it.
      if (current && now() - forcedAt < REFRESH_DEBOUNCE_MS) return current;
      forcedAt = now();
      return load();
    },
  });
}

/** Sends sts:AssumeRole signed with one parent's keys. */
export type AssumeRoleSender = (input: AssumeRoleCommandInput) => Promise<AssumeRoleCommandOutput>;

export interface CredentialContext {
  endpoint?: EndpointOptions;
  /** Retries of the STS client used for assume-role. */
  retry?: RetryOptions;
  /** Source of the keys that call sts:AssumeRole when the spec has `roleArn` (instead of the spec's own chain). */
  parent?: CredentialProvider;
  /** Requested session length for assume-role (STS default 3600 s). */
  durationSeconds?: number;
  refreshWindowMs?: number;
  /**
   * The STS client that assumes roles with `parent`'s keys from `region`. Discovery passes pooled
   * clients, so an organization's members share one (its sockets, and its adaptive rate limiter:
   * AWS limits AssumeRole on the calling account) instead of building one each. Without it each
   * provider builds its own on first use, as the SDK's fromTemporaryCredentials does.
   */
  assumeRoleClient?: (parent: CredentialProvider, region: string) => AssumeRoleSender;
}

/** Config of the STS client behind assume-role: same endpoint and retry rules as every other client. */
export function stsClientConfig(region: string, context: CredentialContext) {
  return { ...endpointClientConfig(context.endpoint ?? {}, region), retryStrategy: createRetryStrategy(context.retry) };
}

function aliasOf(spec: AccountSpec): string {
  return spec.id ?? spec.localProfile ?? spec.roleArn ?? 'default';
}

/** The keys the account starts from: static keys, a profile, or the SDK's default chain. */
function sourceProvider(spec: AccountSpec, context: CredentialContext): { provider: AwsCredentialIdentityProvider; description: string } {
  const region = spec.defaultRegion ?? DEFAULT_REGION;
  if (spec.accessKeyId !== undefined || spec.secretAccessKey !== undefined) {
    if (!spec.accessKeyId || !spec.secretAccessKey) {
      throw new AwsSetupError('incomplete-static-keys', `account ${aliasOf(spec)}: access_key_id and secret_access_key must be set together`);
    }
    const identity: AwsCredentialIdentity = {
      accessKeyId: spec.accessKeyId,
      secretAccessKey: spec.secretAccessKey,
      ...(spec.sessionToken ? { sessionToken: spec.sessionToken } : {}),
    };
    return { provider: async () => identity, description: 'static keys' };
  }
  // A profile that itself assumes a role (role_arn + source_profile) calls STS with this config.
  const clientConfig = stsClientConfig(region, context);
  if (spec.localProfile) {
    return { provider: fromIni({ profile: spec.localProfile, clientConfig }), description: `profile ${spec.localProfile}` };
  }
  return { provider: fromNodeProviderChain({ clientConfig }), description: 'default credential chain' };
}

/**
 * The credential provider of one account spec: its source keys, then, with `roleArn`, an
 * sts:AssumeRole from them (or from `context.parent`) with the session name and external id,
 * through an STS client that uses the custom endpoint too. Memoized; see memoizeCredentials().
 */
export function createCredentialProvider(spec: AccountSpec, context: CredentialContext = {}): CredentialProvider {
  const options = { refreshWindowMs: context.refreshWindowMs };
  const source = () => {
    const { provider, description } = sourceProvider(spec, context);
    return memoizeCredentials(provider, description, options);
  };
  if (!spec.roleArn) return source();
  const parent = context.parent ?? source();
  return assumeRoleProvider(
    { roleArn: spec.roleArn, sessionName: spec.roleSessionName, externalId: spec.externalId, region: spec.defaultRegion },
    parent,
    context,
  );
}

export interface AssumeRoleSpec {
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  /** STS region; us-east-1 by default. */
  region?: string;
}

/** An STS client of its own, built on first use (the SDK's fromTemporaryCredentials builds one per provider too). */
function ownStsClient(parent: CredentialProvider, region: string, context: CredentialContext): AssumeRoleSender {
  let sts: STSClient | undefined;
  return (input) => {
    sts ??= new STSClient({ ...stsClientConfig(region, context), credentials: parent });
    return sts.send(new AssumeRoleCommand(input));
  };
}

/** sts:AssumeRole from `parent`'s keys, memoized. */
export function assumeRoleProvider(spec: AssumeRoleSpec, parent: CredentialProvider, context: CredentialContext = {}): CredentialProvider {
  const region = spec.region ?? DEFAULT_REGION;
  const send = context.assumeRoleClient?.(parent, region) ?? ownStsClient(parent, region, context);
  const input: AssumeRoleCommandInput = {
    RoleArn: spec.roleArn,
    RoleSessionName: spec.sessionName || DEFAULT_SESSION_NAME,
    ...(spec.externalId ? { ExternalId: spec.externalId } : {}),
    ...(context.durationSeconds ? { DurationSeconds: context.durationSeconds } : {}),
  };
  const provider = async (): Promise<AwsCredentialIdentity> => {
    const { Credentials: keys } = await send(input);
    if (!keys?.AccessKeyId || !keys.SecretAccessKey) throw new Error(`sts:AssumeRole of ${spec.roleArn} returned no credentials`);
    return {
      accessKeyId: keys.AccessKeyId,
      secretAccessKey: keys.SecretAccessKey,
      ...(keys.SessionToken ? { sessionToken: keys.SessionToken } : {}),
      ...(keys.Expiration ? { expiration: keys.Expiration } : {}),
    };
  };
  return memoizeCredentials(provider, `role ${spec.roleArn} via ${parent.description}`, { refreshWindowMs: context.refreshWindowMs });
}

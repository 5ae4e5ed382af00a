import type { AccountSpec, AwsSourceOptions } from '../aws/types.js';
import type { AwsSpec } from '../config/aws-spec.js';

type Credentials = NonNullable<AwsSpec['accounts']>[number] | NonNullable<NonNullable<AwsSpec['org']>['admin_account']>;

function account(spec: Credentials): AccountSpec {
  return {
    id: spec.id,
    localProfile: spec.local_profile,
    roleArn: spec.role_arn,
    roleSessionName: spec.role_session_name,
    externalId: spec.external_id,
    defaultRegion: spec.default_region,
    regions: spec.regions,
    accessKeyId: spec.access_key_id,
    secretAccessKey: spec.secret_access_key,
    sessionToken: spec.session_token,
  };
}

/** CloudQuery's AWS spec (snake_case, as written in YAML) mapped onto the AWS layer's options. */
export function awsOptions(spec: AwsSpec): AwsSourceOptions {
  const org = spec.org;
  return {
    regions: spec.regions,
    accounts: spec.accounts?.map(account),
    org: org && {
      adminAccount: org.admin_account && account(org.admin_account),
      memberTrustedPrincipal: org.member_trusted_principal && account(org.member_trusted_principal),
      memberRoleName: org.member_role_name,
      memberRoleSessionName: org.member_role_session_name,
      memberExternalId: org.member_external_id,
      memberRegions: org.member_regions,
      organizationUnits: org.organization_units,
      skipOrganizationUnits: org.skip_organization_units,
      skipMemberAccounts: org.skip_member_accounts,
    },
    initializationConcurrency: spec.initialization_concurrency,
    customEndpointUrl: spec.custom_endpoint_url,
    customEndpointHostnameImmutable: spec.custom_endpoint_hostname_immutable,
    customEndpointPartitionId: spec.custom_endpoint_partition_id,
    customEndpointSigningRegion: spec.custom_endpoint_signing_region,
    maxRetries: spec.max_retries,
    maxBackoffSeconds: spec.max_backoff,
    minErrorRetryDelayMs: spec.min_error_retry_delay,
    // One client-side rate limiter per pooled client, i.e. per account x region x service, that slows
    // down on throttling: the estate is read as fast as AWS allows and no faster.
    retryMode: 'adaptive',
  };
}

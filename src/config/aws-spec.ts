import { z } from 'zod';

/**
 * The AWS source's own `spec`, key for key as CloudQuery's AWS plugin reference documents it
 * (plugins/source/aws/client/spec in CloudQuery), plus Steampipe / Turbot Pipes' retry and
 * ignore-error settings and Resoto's static keys. Defaults are the reference's.
 */

const regionList = z
  .array(z.string().min(1))
  .superRefine((regions, ctx) => {
    // CloudQuery treats '*' as "every enabled region": mixing it with names is ambiguous.
    if (regions.length > 1 && regions.includes('*')) {
      ctx.addIssue({ code: 'custom', message: '"*" must be the only entry when used' });
    }
  });

// Organizations ids: the same pattern CloudQuery validates organization_units against.
const ouId = z
  .string()
  .regex(/^((ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})|(r-[0-9a-z]{4,32}))$/, {
    error: 'invalid OU id (expected "ou-xxxx-xxxxxxxx" or a root "r-xxxx")',
  });

/** Fields shared by every credential block (accounts[], admin_account, member_trusted_principal, ...). */
const credentialFields = {
  local_profile: z.string().min(1).optional(),
  role_arn: z.string().min(1).optional(),
  role_session_name: z.string().min(1).optional(),
  external_id: z.string().min(1).optional(),
  default_region: z.string().min(1).optional(),
  regions: regionList.optional(),
  // Deprecated alias of `id` in CloudQuery; accepted so old configs keep loading.
  account_name: z.string().optional(),
  // Static keys as Resoto allows; the loader warns that env or profiles are safer.
  access_key_id: z.string().min(1).optional(),
  secret_access_key: z.string().min(1).optional(),
  session_token: z.string().min(1).optional(),
};

type StaticKeys = { access_key_id?: string | undefined; secret_access_key?: string | undefined; session_token?: string | undefined };

// A key id without its secret (or the reverse) cannot sign anything: say so before any call is made.
function checkStaticKeys(account: StaticKeys, ctx: z.RefinementCtx): void {
  if (account.access_key_id !== undefined && account.secret_access_key === undefined) {
    ctx.addIssue({ code: 'custom', path: ['secret_access_key'], message: 'required when access_key_id is set' });
  }
  if (account.secret_access_key !== undefined && account.access_key_id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['access_key_id'], message: 'required when secret_access_key is set' });
  }
  if (account.session_token !== undefined && account.access_key_id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['access_key_id'], message: 'required when session_token is set' });
  }
}

/** One entry of `accounts`: `id` is required there (it names the account in rows and logs). */
export const accountSchema = z
  .strictObject({ id: z.string().min(1), ...credentialFields })
  .superRefine(checkStaticKeys);

/** A credential block where `id` is optional: org.admin_account, org.member_trusted_principal, event_based_sync.account. */
export const credentialsSchema = z
  .strictObject({ id: z.string().min(1).optional(), ...credentialFields })
  .superRefine(checkStaticKeys);

export const orgSchema = z.strictObject({
  admin_account: credentialsSchema.optional(),
  member_trusted_principal: credentialsSchema.optional(),
  member_role_name: z.string().min(1),
  member_role_session_name: z.string().min(1).optional(),
  member_external_id: z.string().min(1).optional(),
  member_regions: regionList.optional(),
  organization_units: z.array(ouId).optional(),
  skip_organization_units: z.array(ouId).optional(),
  skip_member_accounts: z.array(z.string().min(1)).optional(),
});

export const eventBasedSyncSchema = z.strictObject({
  full_sync: z.boolean().default(true),
  account: credentialsSchema.optional(),
  kinesis_stream_arn: z.string().regex(/^arn:[a-z-]+:kinesis:[a-z0-9-]+:\d{12}:stream\/.+$/, {
    error: 'expected a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)',
  }),
  // RFC 3339 as the reference says, e.g. 2023-09-04T19:24:14Z.
  start_time: z.iso.datetime({ offset: true, error: 'expected an RFC 3339 timestamp, e.g. 2023-09-04T19:24:14Z' }).optional(),
});

export const schedulerValues = ['dfs', 'round-robin', 'shuffle'] as const;

export const awsSpecSchema = z
  .strictObject({
    regions: regionList.default([]),
    accounts: z.array(accountSchema).optional(),
    org: orgSchema.optional(),
    concurrency: z.int().positive().default(50000),
    // Accounts set up at once. No default here, so a value the user sets always wins: when unset,
    // src/aws uses CloudQuery's 4 for listed accounts and more for organization members
    // (DEFAULT_ORGANIZATION_INITIALIZATION_CONCURRENCY; a departure, see docs/ARCHITECTURE.md).
    initialization_concurrency: z.int().positive().optional(),
    scheduler: z.enum(schedulerValues).default('shuffle'),
    aws_debug: z.boolean().default(false),
    max_retries: z.int().nonnegative().default(10),
    // Seconds, as in CloudQuery.
    max_backoff: z.int().nonnegative().default(30),
    custom_endpoint_url: z.url().optional(),
    custom_endpoint_hostname_immutable: z.boolean().optional(),
    custom_endpoint_partition_id: z.string().min(1).optional(),
    custom_endpoint_signing_region: z.string().min(1).optional(),
    use_paid_apis: z.boolean().default(false),
    // Per-table options are the tables' business; CloudQuery's shapes vary per table.
    table_options: z.record(z.string(), z.unknown()).optional(),
    event_based_sync: eventBasedSyncSchema.optional(),
    // Turbot Pipes: milliseconds, default 25, at least 1.
    min_error_retry_delay: z.int().min(1).default(25),
    ignore_error_codes: z.array(z.string().min(1)).default([]),
  })
  .superRefine((spec, ctx) => {
    // CloudQuery refuses both: the account list would be ambiguous with the discovered one.
    if (spec.org && spec.accounts && spec.accounts.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['org'],
        message: 'cannot be used together with accounts (use two source configs to sync both)',
      });
    }
  });

export type AwsAccount = z.output<typeof accountSchema>;
export type AwsCredentials = z.output<typeof credentialsSchema>;
export type AwsOrg = z.output<typeof orgSchema>;
export type AwsEventBasedSync = z.output<typeof eventBasedSyncSchema>;
export type AwsSpec = z.output<typeof awsSpecSchema>;
export type SchedulerName = (typeof schedulerValues)[number];

/** What a config needs to read the sandbox's organization (or any endpoint that speaks for one). */
export interface SandboxOrgConfigOptions {
  /** The sandbox's base URL, for every service. */
  endpoint: string;
  /** The management account's static keys; members are reached through OrganizationAccountAccessRole. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The SQLite file of the default destination. */
  db?: string;
  /** Table globs; every table ('*') by default. */
  tables?: readonly string[];
  /** Regions; every enabled one ('*') by default. */
  regions?: readonly string[];
  /** Lines under the source's top-level `spec` (2-space indent), e.g. `  skip_dependent_tables: false`. */
  sourceExtra?: string;
  /** Lines after the `org:` block: keys of the source's `spec` at a 4-space indent, of `org` at 6. */
  specExtra?: string;
  /** Another destination instead of the SQLite file: its name, plugin path and `spec` lines (4-space indent). */
  destination?: { name: string; path: string; spec: string };
}

const list = (values: readonly string[] | undefined): string => (values ? `[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]` : "['*']");
const block = (lines: string | undefined): string => (lines ? `${lines.trimEnd()}\n` : '');

/**
 * A CloudQuery-format config that discovers an organization through `endpoint` with the
 * management account's keys and writes to SQLite at `db` unless another destination is given:
 * what `canopy demo`, the tests and the benchmarks sync.
 */
export function sandboxOrgConfig(options: SandboxOrgConfigOptions): string {
  const destination = options.destination ?? { name: 'sqlite', path: 'cloudquery/sqlite', spec: `    connection_string: ${JSON.stringify(options.db ?? 'canopy.db')}` };
  return `kind: source
spec:
  name: aws
  path: cloudquery/aws
  tables: ${list(options.tables)}
  destinations: [${destination.name}]
${block(options.sourceExtra)}  spec:
    regions: ${list(options.regions)}
    custom_endpoint_url: ${options.endpoint}
    custom_endpoint_hostname_immutable: true
    org:
      admin_account:
        access_key_id: ${options.credentials.accessKeyId}
        secret_access_key: ${options.credentials.secretAccessKey}
      member_role_name: OrganizationAccountAccessRole
${block(options.specExtra)}---
kind: destination
spec:
  name: ${destination.name}
  path: ${destination.path}
  spec:
${block(destination.spec)}`;
}

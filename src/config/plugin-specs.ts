import { z } from 'zod';
import { goDuration } from '../destinations/duration.js';
import { destinationSpecSchemas } from '../destinations/specs.js';
import { awsSpecSchema } from './aws-spec.js';
import { valueAt } from './yaml-source.js';

/**
 * The top-level `spec` of CloudQuery's `kind: source` and `kind: destination` documents
 * (cli/internal/specs/v0 in CloudQuery): the same keys, defaults and required keys, so a
 * CloudQuery user's files load unchanged. Keys CloudQuery needs to fetch plugins (registry,
 * version, docker_registry_auth_token) are accepted and ignored: canopy's plugins are built in.
 */

export const sourcePaths = ['cloudquery/aws', 'canopy/aws', 'aws'] as const;

export const destinationPlugins = ['sqlite', 'postgresql', 'duckdb', 'file', 's3'] as const;
export type DestinationPlugin = (typeof destinationPlugins)[number];

/** Destinations that write new files and never update or delete, as CloudQuery's file and s3. */
export const appendOnlyPlugins: readonly DestinationPlugin[] = ['file', 's3'];

/** The write mode a destination gets when its document sets none. */
export function defaultWriteMode(plugin: DestinationPlugin): 'append' | 'overwrite-delete-stale' {
  return appendOnlyPlugins.includes(plugin) ? 'append' : 'overwrite-delete-stale';
}

// Every spelling a user may write for a destination: CloudQuery's, canopy's and the bare name.
export const destinationPaths = destinationPlugins.flatMap((name) => [`cloudquery/${name}`, `canopy/${name}`, name]);

/** `cloudquery/sqlite`, `canopy/sqlite` and `sqlite` all name canopy's sqlite destination. */
export function destinationPluginOf(path: string): DestinationPlugin | undefined {
  const name = path.replace(/^(cloudquery|canopy)\//, '');
  return destinationPlugins.find((plugin) => plugin === name);
}

const registry = z.enum(['cloudquery', 'github', 'local', 'grpc', 'docker']).optional();

const sourcePath = z.enum(sourcePaths, {
  error: (issue) =>
    issue.input === undefined
      ? 'required'
      : `unsupported source plugin ${JSON.stringify(issue.input)} (canopy runs ${sourcePaths.join(', ')})`,
});

const destinationPath = z.enum(destinationPaths as [string, ...string[]], {
  error: (issue) =>
    issue.input === undefined
      ? 'required'
      : `unsupported destination plugin ${JSON.stringify(issue.input)} (canopy writes to ${destinationPlugins.join(', ')})`,
});

const tableList = z.array(z.string().min(1));

const backendOptionsSchema = z.strictObject({
  // Where incremental tables keep their cursors.
  table_name: z.string().min(1),
  // `@@plugins.<destination>.connection`, resolved by the loader to that destination's connection_string.
  connection: z.string().min(1),
});

const sourceFields = {
  name: z.string().min(1),
  path: sourcePath,
  registry,
  version: z.string().optional(),
  docker_registry_auth_token: z.string().optional(),
  tables: tableList.min(1, { error: 'at least one table is required (e.g. ["aws_ec2_instances"] or ["*"])' }),
  skip_tables: tableList.default([]),
  // CloudQuery's default since CLI v5: a child table syncs only when `tables` matches it too.
  skip_dependent_tables: z.boolean().default(true),
  destinations: z.array(z.string().min(1)).min(1, { error: 'at least one destination is required' }),
  backend_options: backendOptionsSchema.optional(),
  deterministic_cq_id: z.boolean().default(false),
  otel_endpoint: z.string().optional(),
  otel_endpoint_insecure: z.boolean().optional(),
};

/** A source document's `spec`. `spec.spec` may be absent or empty (`spec:`), as in CloudQuery's examples. */
export const sourceSpecSchema = z.strictObject({ ...sourceFields, spec: awsSpecSchema.prefault({}) });

export const writeModes = ['overwrite-delete-stale', 'overwrite', 'append'] as const;
export const migrateModes = ['safe', 'forced'] as const;


const destinationFields = {
  name: z.string().min(1),
  path: destinationPath,
  registry,
  version: z.string().optional(),
  docker_registry_auth_token: z.string().optional(),
  // Left unset: overwrite-delete-stale, or append for the destinations that only append (file, s3).
  write_mode: z.enum(writeModes).optional(),
  migrate_mode: z.enum(migrateModes).default('safe'),
  pk_mode: z.enum(['default', 'cq-id-only']).default('default'),
  // Left unset, each destination applies its own default.
  batch_size: z.int().positive().optional(),
  batch_size_bytes: z.int().positive().optional(),
  batch_timeout: goDuration.optional(),
  sync_group_id: z.string().optional(),
  send_sync_summary: z.boolean().optional(),
};

// Destination-specific options belong to the destination; only what the loader must know is checked here.
const destinationPluginSpec = z.record(z.string(), z.unknown());

const destinationSpecBase = z.strictObject({ ...destinationFields, spec: destinationPluginSpec.prefault({}) });

/** A destination document's `spec`; its plugin's own keys are checked by that plugin's schema. */
export const destinationSpecSchema = destinationSpecBase.superRefine((dest, ctx) => {
  const plugin = destinationPluginOf(dest.path);
  if (plugin && appendOnlyPlugins.includes(plugin) && dest.write_mode !== undefined && dest.write_mode !== 'append') {
    ctx.addIssue({ code: 'custom', path: ['write_mode'], message: `the ${plugin} destination only appends: write_mode must be append (or left out)` });
  }
  const schema = plugin && destinationSpecSchemas[plugin];
  if (!schema) return;
  const result = schema.safeParse(dest.spec);
  if (result.success) return;
  // Re-raised under `spec`, worded as the loader words its own issues (unknown key, required).
  for (const issue of result.error.issues) {
    const path = ['spec', ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [...path, key], message: 'unknown key' });
    } else {
      const missing = issue.code === 'invalid_type' && valueAt(dest.spec, issue.path) === undefined;
      ctx.addIssue({ code: 'custom', path, message: missing ? 'required' : issue.message });
    }
  }
});

export type SourceSpec = z.output<typeof sourceSpecSchema>;
export type DestinationSpec = z.output<typeof destinationSpecSchema>;
export type BackendOptions = z.output<typeof backendOptionsSchema>;
export type WriteMode = (typeof writeModes)[number];
export type MigrateMode = (typeof migrateModes)[number];

/**
 * One document of a config file, for editors (docs/config.schema.json). CloudQuery's own examples
 * write `spec:` with no value, so the JSON Schema allows null there; the loader treats it as {}.
 */
export const configDocumentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('source'),
    spec: z.strictObject({ ...sourceFields, spec: awsSpecSchema.nullable().optional() }),
  }),
  z.strictObject({
    kind: z.literal('destination'),
    spec: destinationSpecBase.extend({ spec: destinationPluginSpec.nullable().optional() }),
  }),
]);

import type { ZodType } from 'zod';
import type { AwsCredentials } from './aws-spec.js';
import { errorAt, type Located, type ParsedDocuments } from './documents.js';
import type { DestinationSpec, SourceSpec } from './plugin-specs.js';
import { tablePatternProblem } from './table-names.js';
import { ConfigError } from './yaml-source.js';

/** A problem worth telling the user that does not stop the sync (printed as `file:line: key: text`). */
export interface ConfigWarning {
  readonly file: string;
  readonly line: number | undefined;
  readonly keyPath: string;
  readonly problem: string;
  /** `file:line: key.path: problem`, the same shape as a ConfigError's message. */
  readonly message: string;
}

function warningAt(doc: Located<unknown>, path: ReadonlyArray<PropertyKey>, problem: string): ConfigWarning {
  const { file, line, keyPath, message } = errorAt(doc, path, problem);
  return { file, line, keyPath, problem, message };
}

/** Source and destination names are keys across all files, as in CloudQuery. */
export function checkUniqueNames(docs: ParsedDocuments): void {
  for (const [kind, list] of [
    ['source', docs.sources],
    ['destination', docs.destinations],
  ] as const) {
    const first = new Map<string, Located<SourceSpec | DestinationSpec>>();
    for (const doc of list) {
      const earlier = first.get(doc.spec.name);
      if (earlier) {
        const where = `${earlier.source.file}:${earlier.source.lineOf(earlier.index, ['spec', 'name']) ?? 1}`;
        throw errorAt(doc, ['spec', 'name'], `duplicate ${kind} name "${doc.spec.name}" (also defined at ${where})`);
      }
      first.set(doc.spec.name, doc);
    }
  }
}

export function checkDestinations(docs: ParsedDocuments): void {
  const names = docs.destinations.map((d) => d.spec.name);
  for (const source of docs.sources) {
    source.spec.destinations.forEach((name, i) => {
      if (!names.includes(name)) {
        const known = names.length > 0 ? `defined: ${names.join(', ')}` : 'no destination document is defined';
        throw errorAt(source, ['spec', 'destinations', i], `unknown destination "${name}" (${known})`);
      }
    });
  }
}

const pluginReference = /^@@plugins\.([^.]+)\.connection$/;

/** What `backend_options.connection` resolved to. */
export interface ResolvedConnection {
  connection: string;
  /** The destination named by `@@plugins.<name>.connection`, or undefined for a literal connection. */
  destination: string | undefined;
}

/** `@@plugins.<destination>.connection` becomes that destination's `spec.connection_string`. */
export function resolveBackend(source: Located<SourceSpec>, destinations: ReadonlyArray<Located<DestinationSpec>>): ResolvedConnection | undefined {
  const options = source.spec.backend_options;
  if (!options) return undefined;
  const path = ['spec', 'backend_options', 'connection'];
  if (!options.connection.startsWith('@@')) return { connection: options.connection, destination: undefined };
  const name = pluginReference.exec(options.connection)?.[1];
  if (name === undefined) throw errorAt(source, path, 'expected @@plugins.<destination name>.connection');
  const target = destinations.find((d) => d.spec.name === name);
  if (!target) throw errorAt(source, path, `@@plugins reference to unknown destination "${name}"`);
  const connection = target.spec.spec['connection_string'];
  if (typeof connection !== 'string') {
    throw errorAt(source, path, `destination "${name}" has no spec.connection_string to share`);
  }
  return { connection, destination: name };
}

/** `table_options` only for tables that take options, each checked against that table's schema. */
export function checkTableOptions(source: Located<SourceSpec>, schemas: Readonly<Record<string, ZodType>>): void {
  for (const [table, value] of Object.entries(source.spec.spec.table_options ?? {})) {
    const path = ['spec', 'spec', 'table_options', table];
    const schema = schemas[table];
    if (!schema) {
      const accepting = Object.keys(schemas).sort().join(', ') || 'none';
      throw errorAt(source, path, `${table} takes no table_options (tables that do: ${accepting})`);
    }
    const result = schema.safeParse(value);
    const issue = result.success ? undefined : result.error.issues[0];
    if (!issue) continue;
    if (issue.code === 'unrecognized_keys') throw errorAt(source, [...path, ...issue.path, issue.keys[0] ?? ''], 'unknown key');
    throw errorAt(source, [...path, ...issue.path], issue.message);
  }
}

/** Every entry of `tables` and `skip_tables` must select at least one known table. */
export function checkTables(source: Located<SourceSpec>, knownTables: ReadonlyArray<string>): void {
  for (const key of ['tables', 'skip_tables'] as const) {
    source.spec[key].forEach((pattern, i) => {
      const problem = tablePatternProblem(pattern, knownTables);
      if (problem) throw errorAt(source, ['spec', key, i], problem);
    });
  }
}

/** Warnings, never containing a secret: only key paths and fixed text. */
export function sourceWarnings(source: Located<SourceSpec>): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const aws = source.spec.spec;
  const blocks: Array<[PropertyKey[], AwsCredentials | undefined]> = [
    ...(aws.accounts ?? []).map((account, i): [PropertyKey[], AwsCredentials] => [['accounts', i], account]),
    [['org', 'admin_account'], aws.org?.admin_account],
    [['org', 'member_trusted_principal'], aws.org?.member_trusted_principal],
    [['event_based_sync', 'account'], aws.event_based_sync?.account],
  ];
  for (const [path, block] of blocks) {
    if (block?.access_key_id !== undefined) {
      warnings.push(
        warningAt(source, ['spec', 'spec', ...path, 'access_key_id'], 'static access keys in a config file; environment variables, a local_profile or a role are safer'),
      );
    }
  }
  // CloudQuery's own warnings for `tables`.
  const tables = source.spec.tables;
  if (tables.includes('*') && tables.length > 1) {
    warnings.push(warningAt(source, ['spec', 'tables'], '"*" matches every table; the other entries add nothing'));
  }
  if (source.raw['skip_dependent_tables'] === true && tables.includes('*')) {
    warnings.push(warningAt(source, ['spec', 'skip_dependent_tables'], 'has no effect when tables is "*"'));
  }
  return warnings;
}

/** CloudQuery needs at least one of each to run a sync. */
export function checkNotEmpty(docs: ParsedDocuments, firstFile: string): void {
  if (docs.sources.length === 0) throw new ConfigError(firstFile, 1, '', 'no source: expected a document with kind: source');
  if (docs.destinations.length === 0) throw new ConfigError(firstFile, 1, '', 'no destination: expected a document with kind: destination');
}

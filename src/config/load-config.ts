import type { ZodType } from 'zod';
import {
  checkDestinations,
  checkNotEmpty,
  checkTableOptions,
  checkTables,
  checkUniqueNames,
  resolveBackend,
  sourceWarnings,
  type ConfigWarning,
} from './cross-check.js';
import { parseDocuments, type ParsedDocuments } from './documents.js';
import type { Env } from './env-expand.js';
import { defaultWriteMode, destinationPluginOf, type BackendOptions, type DestinationPlugin, type DestinationSpec, type SourceSpec, type WriteMode } from './plugin-specs.js';
import { YamlSource } from './yaml-source.js';

/** Where a document starts, for messages at run time (e.g. a destination that fails to open). */
export interface ConfigOrigin {
  readonly file: string;
  readonly line: number | undefined;
}

export interface ResolvedBackendOptions extends BackendOptions {
  /** The destination named by `@@plugins.<name>.connection`; undefined for a literal connection. */
  destination: string | undefined;
}

/** A source as the engine gets it: defaults applied, `backend_options.connection` resolved. */
export type LoadedSource = Omit<SourceSpec, 'backend_options'> & {
  backend_options?: ResolvedBackendOptions;
  origin: ConfigOrigin;
};

/** A destination with its plugin named canonically (`cloudquery/sqlite`, `sqlite` -> `sqlite`). */
export type LoadedDestination = Omit<DestinationSpec, 'write_mode'> & { write_mode: WriteMode; plugin: DestinationPlugin; origin: ConfigOrigin };

export interface CanopyConfig {
  sources: LoadedSource[];
  destinations: LoadedDestination[];
  /** Worth printing, not worth stopping for (e.g. static keys in the file). */
  warnings: ConfigWarning[];
}

export interface LoadConfigOptions {
  /** Table names `tables` / `skip_tables` are checked against; no check when absent. */
  knownTables?: ReadonlyArray<string>;
  /** The `table_options` each table accepts, by table name; options for any other table are refused. */
  tableOptions?: Readonly<Record<string, ZodType>>;
  /** Variables for `${VAR}`; process.env by default. */
  env?: Env;
}

/** One config file's name and text, for callers that do not read from disk. */
export interface ConfigText {
  file: string;
  text: string;
}

/**
 * Loads CloudQuery-format config files: every document of every file forms one set, as in
 * `cloudquery sync a.yml b.yml`. Throws a ConfigError (`file:line: key.path: problem`) on the
 * first mistake; nothing is half-loaded.
 */
export function loadConfig(paths: string | ReadonlyArray<string>, options: LoadConfigOptions = {}): CanopyConfig {
  const list = typeof paths === 'string' ? [paths] : paths;
  return buildConfig(list.map((file) => YamlSource.read(file)), options);
}

/** The same as loadConfig, from text already in memory. */
export function parseConfig(files: ReadonlyArray<ConfigText>, options: LoadConfigOptions = {}): CanopyConfig {
  return buildConfig(files.map(({ file, text }) => YamlSource.parse(file, text)), options);
}

function buildConfig(files: ReadonlyArray<YamlSource>, options: LoadConfigOptions): CanopyConfig {
  const env = options.env ?? process.env;
  const docs: ParsedDocuments = { sources: [], destinations: [] };
  for (const source of files) parseDocuments(source, env, docs);
  checkNotEmpty(docs, files[0]?.file ?? 'config');
  checkUniqueNames(docs);
  checkDestinations(docs);

  const warnings: ConfigWarning[] = [];
  const sources = docs.sources.map((doc): LoadedSource => {
    if (options.knownTables) checkTables(doc, options.knownTables);
    if (options.tableOptions) checkTableOptions(doc, options.tableOptions);
    warnings.push(...sourceWarnings(doc));
    const resolved = resolveBackend(doc, docs.destinations);
    const { backend_options: backend, ...rest } = doc.spec;
    return {
      ...rest,
      ...(backend && resolved ? { backend_options: { table_name: backend.table_name, ...resolved } } : {}),
      origin: { file: doc.source.file, line: doc.source.lineOf(doc.index, ['kind']) },
    };
  });
  const destinations = docs.destinations.map((doc): LoadedDestination => {
    const plugin = destinationPluginOf(doc.spec.path);
    // The schema admits only paths that name a plugin; reaching this is a bug, not a user mistake.
    if (!plugin) throw new Error(`destination path ${doc.spec.path} passed validation without naming a plugin`);
    const origin = { file: doc.source.file, line: doc.source.lineOf(doc.index, ['kind']) };
    return { ...doc.spec, write_mode: doc.spec.write_mode ?? defaultWriteMode(plugin), plugin, origin };
  });
  return { sources, destinations, warnings };
}

export { ConfigError, formatPath, YamlSource } from './yaml-source.js';
export {
  loadConfig,
  parseConfig,
  type CanopyConfig,
  type ConfigOrigin,
  type ConfigText,
  type LoadConfigOptions,
  type LoadedDestination,
  type LoadedSource,
  type ResolvedBackendOptions,
} from './load-config.js';
export type { ConfigWarning } from './cross-check.js';
export {
  awsSpecSchema,
  schedulerValues,
  type AwsAccount,
  type AwsCredentials,
  type AwsEventBasedSync,
  type AwsOrg,
  type AwsSpec,
  type SchedulerName,
} from './aws-spec.js';
export {
  configDocumentSchema,
  destinationPluginOf,
  destinationPlugins,
  destinationSpecSchema,
  migrateModes,
  sourceSpecSchema,
  writeModes,
  type BackendOptions,
  type DestinationPlugin,
  type DestinationSpec,
  type MigrateMode,
  type SourceSpec,
  type WriteMode,
} from './plugin-specs.js';
export { globToRegExp, matchesTable } from './table-names.js';
export { renderConfigJsonSchema } from './json-schema.js';

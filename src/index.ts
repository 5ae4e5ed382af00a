/** canopy's library API: load a CloudQuery-format config, sync it, or start the sandbox. */
import { loadConfig as loadFiles, parseConfig as parseTexts, type CanopyConfig, type ConfigText, type LoadConfigOptions } from './config/load-config.js';
import type { Sandbox, SandboxOptions } from './sandbox/index.js';
import { registryChecks } from './tables/index.js';

export type { CanopyConfig, ConfigText, LoadConfigOptions } from './config/load-config.js';

/** Loads CloudQuery-format config files, checking table names and table_options against canopy's tables. */
export function loadConfig(paths: string | readonly string[], options: LoadConfigOptions = {}): CanopyConfig {
  return loadFiles(paths, { ...registryChecks(), ...options });
}

/** The same as loadConfig, from text already in memory. */
export function parseConfig(files: readonly ConfigText[], options: LoadConfigOptions = {}): CanopyConfig {
  return parseTexts(files, { ...registryChecks(), ...options });
}
export { ConfigError } from './config/yaml-source.js';
export { syncConfig as sync, type SourceResult, type SyncConfigOptions } from './sync/run.js';
export type { SyncSummary, PartitionResult } from './engine/summary.js';
export { defineTable, type TableDefinition } from './engine/table.js';
export { tables } from './tables/index.js';
export type { CallStats, Credentials, Sandbox, SandboxOptions, SandboxTruth } from './sandbox/index.js';

/** Starts the AWS-compatible sandbox (src/sandbox); its modules are imported on the first call, not by every user of the library. */
export async function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  const sandbox = await import('./sandbox/index.js');
  return sandbox.startSandbox(options);
}

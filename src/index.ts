/** canopy's library API: load a CloudQuery-format config, sync it, or start the sandbox. */
export { loadConfig, parseConfig, type CanopyConfig } from './config/load-config.js';
export { ConfigError } from './config/yaml-source.js';
export { syncConfig as sync, type SourceResult, type SyncConfigOptions } from './sync/run.js';
export type { SyncSummary, PartitionResult } from './engine/summary.js';
export { defineTable, type TableDefinition } from './engine/table.js';
export { tables } from './tables/index.js';
export { startSandbox } from './sandbox/index.js';
export type { CallStats, Credentials, Sandbox, SandboxOptions, SandboxTruth } from './sandbox/index.js';

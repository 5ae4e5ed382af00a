/**
 * canopy's library API. The sandbox is available now; loadConfig and sync join with the sync engine.
 */
export { startSandbox } from './sandbox/index.js';
export type { CallStats, Credentials, Sandbox, SandboxOptions, SandboxTruth } from './sandbox/index.js';
export { ConfigError } from './config/yaml-source.js';

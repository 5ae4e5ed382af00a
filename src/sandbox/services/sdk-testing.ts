import type { Credentials } from '../identity.js';
import type { SandboxTruth } from '../truth.js';

/** For SDK tests: what a client needs to talk to a sandbox as one account in one region. */
export interface SandboxClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
}

export interface TruthCell {
  accountId: string;
  region: string;
  count: number;
}

/** Every live cell of a kind with its ground-truth count, in truth order. */
export function truthCells(truth: SandboxTruth, kind: string): TruthCell[] {
  const byAccount = truth.resources[kind];
  if (!byAccount) throw new Error(`the truth has no kind ${kind}`);
  return Object.entries(byAccount).flatMap(([accountId, regions]) =>
    Object.entries(regions).map(([region, count]) => ({ accountId, region, count })),
  );
}

/** Client options for a cell's account and region. */
export function clientConfig(
  sandbox: { endpoint: string; credentialsFor(accountId: string): Credentials },
  cell: { accountId: string; region: string },
): SandboxClientConfig {
  return { endpoint: sandbox.endpoint, region: cell.region, credentials: sandbox.credentialsFor(cell.accountId) };
}

/** The options every SDK suite starts its sandbox with: small, two regions, no throttling. */
export const sdkSandboxOptions = { accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 3000, seed: 1, throttling: false };

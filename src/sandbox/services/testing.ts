import { serviceModels } from '../../models/index.js';
import { Universe, type UniverseOptions } from '../data/universe.js';
import { IdentityStore } from '../identity.js';
import type { RequestContext } from './service.js';

/** A small universe for handler unit tests: 4 accounts, 2 regions, 2,000 resources. */
export function testUniverse(overrides: Partial<UniverseOptions> = {}): Universe {
  return new Universe({
    seed: 7,
    accounts: 4,
    suspendedAccounts: 0,
    regions: ['us-east-1', 'eu-west-1'],
    scale: 2000,
    notOptedIn: [],
    readOnlyRoleName: 'CanopyReadOnly',
    ...overrides,
  });
}

/** A request context as the server builds it, for calling handlers directly in unit tests. */
export function testContext(
  universe: Universe,
  service: string,
  operation: string,
  where: { accountId?: string; region?: string; global?: boolean } = {},
): RequestContext {
  const model = serviceModels[service];
  if (!model) throw new Error(`no model for ${service}`);
  const accountId = where.accountId ?? universe.org.managementAccountId;
  const region = where.region ?? 'us-east-1';
  const identity = new IdentityStore(universe);
  const credentials = identity.staticCredentials(accountId);
  // Built directly: handler tests also read suspended accounts, whose keys the server refuses.
  const principal = { accountId, arn: `arn:aws:iam::${accountId}:user/sandbox-admin`, userId: 'AIDATESTPRINCIPAL0000', accessKeyId: credentials.accessKeyId };
  return {
    universe,
    model,
    operation,
    cell: { accountId, region: where.global ? 'global' : region },
    region,
    principal,
    identity,
    requestId: 'test-request',
    endpoint: 'http://127.0.0.1:4566',
    now: () => new Date(Date.UTC(2024, 5, 1)),
  };
}

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { createLimiter } from './limit.js';
import { listOrganizationAccounts, type OrgAccount } from './organizations.js';

let sandbox: Sandbox;
let client: OrganizationsClient;

beforeAll(async () => {
  // More accounts than one ListAccounts page (20) holds.
  sandbox = await startSandbox({ accounts: 45, throttling: false });
  client = new OrganizationsClient({ region: 'us-east-1', endpoint: sandbox.endpoint, credentials: sandbox.credentials });
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

describe('listOrganizationAccounts', () => {
  it('hands over each ListAccounts page as it arrives, every account once', async () => {
    const pages: OrgAccount[][] = [];
    const walk = await listOrganizationAccounts(client, {}, createLimiter(1), { onAccounts: (accounts) => pages.push(accounts) });
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(pages.flat().map((a) => a.id)).toEqual(walk.accounts.map((a) => a.id));
    expect(walk.accounts.map((a) => a.id).sort()).toEqual(sandbox.truth().organization.accounts.map((a) => a.id).sort());
  });

  it('hands over the accounts of the selected OUs as each OU is listed', async () => {
    const { units } = sandbox.truth().organization;
    const seen: string[] = [];
    let calls = 0;
    const walk = await listOrganizationAccounts(client, { organizationUnits: units.map((u) => u.id) }, createLimiter(2), {
      onAccounts: (accounts) => {
        calls += 1;
        seen.push(...accounts.map((a) => a.id));
      },
    });
    expect(calls).toBeGreaterThan(1);
    expect(seen.sort()).toEqual(walk.accounts.map((a) => a.id));
  });

  it('requests no further page once its signal is aborted', async () => {
    const stop = new AbortController();
    const walk = await listOrganizationAccounts(client, {}, createLimiter(1), { onAccounts: () => stop.abort(), signal: stop.signal });
    expect(walk.calls).toBe(1);
    expect(walk.accounts.length).toBe(20);
  });
});

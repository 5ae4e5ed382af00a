import { hash32, hexOf, pick } from './random.js';

/** The generated AWS Organization: a nested OU tree and its accounts. */
export interface Account {
  id: string;
  name: string;
  email: string;
  arn: string;
  status: 'ACTIVE' | 'SUSPENDED';
  /** The OU (or root) the account sits in. */
  parentId: string;
  joinedTimestamp: Date;
  joinedMethod: 'INVITED' | 'CREATED';
  isManagement: boolean;
}

export interface OrganizationalUnit {
  id: string;
  arn: string;
  name: string;
  parentId: string;
}

export interface Organization {
  id: string;
  arn: string;
  managementAccountId: string;
  managementAccountEmail: string;
  root: { id: string; arn: string; name: string };
  units: OrganizationalUnit[];
  accounts: Account[];
}

interface OrgOptions {
  seed: number;
  accounts: number;
  suspendedAccounts: number;
}

/** The OU tree: name and path of parent names ('' is the root). Depth 3 under the root. */
const ouTree: ReadonlyArray<{ name: string; parent: string }> = [
  { name: 'Security', parent: '' },
  { name: 'Workloads', parent: '' },
  { name: 'Infrastructure', parent: '' },
  { name: 'Sandbox', parent: '' },
  { name: 'Suspended', parent: '' },
  { name: 'Production', parent: 'Workloads' },
  { name: 'Staging', parent: 'Workloads' },
  { name: 'Development', parent: 'Workloads' },
  { name: 'Production-EU', parent: 'Production' },
  { name: 'Production-US', parent: 'Production' },
];

/** OUs that receive active member accounts, in the order they are filled. */
const accountHomes = [
  'Production-EU',
  'Staging',
  'Security',
  'Production-US',
  'Development',
  'Infrastructure',
  'Sandbox',
  'Production',
];

const teams = ['payments', 'checkout', 'search', 'identity', 'data', 'platform', 'ml', 'web', 'mobile', 'billing'];

export const EPOCH = Date.UTC(2024, 0, 1);

function accountIds(seed: number, count: number): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (let n = 0; ids.length < count; n++) {
    const id = String(100_000_000_000 + ((hash32(seed, 'account', n) * 233 + n) % 900_000_000_000)).padStart(12, '0');
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

export function generateOrganization(options: OrgOptions): Organization {
  const { seed } = options;
  const ids = accountIds(seed, options.accounts);
  const managementId = ids[0] as string;
  const orgId = `o-${hexOf(10, seed, 'org').replace(/^[0-9]/, 'a')}`;
  const rootId = `r-${hexOf(4, seed, 'root')}`;
  const orgArn = (kind: string, id: string) => `arn:aws:organizations::${managementId}:${kind}/${orgId}/${id}`;
  const byName = new Map<string, OrganizationalUnit>();
  const units: OrganizationalUnit[] = [];
  for (const node of ouTree) {
    const parentId = node.parent === '' ? rootId : (byName.get(node.parent)?.id ?? rootId);
    const id = `ou-${rootId.slice(2)}-${hexOf(8, seed, 'ou', node.name)}`;
    const unit: OrganizationalUnit = { id, arn: orgArn('ou', id), name: node.name, parentId };
    byName.set(node.name, unit);
    units.push(unit);
  }
  const suspendedOu = byName.get('Suspended')?.id ?? rootId;
  const members = ids.length - 1;
  const suspended = Math.min(options.suspendedAccounts, Math.max(0, members - 1));
  const accounts: Account[] = ids.map((id, n) => {
    const isManagement = n === 0;
    const isSuspended = !isManagement && n > members - suspended;
    const home = isManagement
      ? rootId
      : isSuspended
        ? suspendedOu
        : (byName.get(accountHomes[(n - 1) % accountHomes.length] as string)?.id ?? rootId);
    const homeName = units.find((u) => u.id === home)?.name.toLowerCase() ?? 'management';
    const name = isManagement ? 'management' : `${pick(teams, seed, 'team', n)}-${homeName}-${n}`;
    return {
      id,
      name,
      email: `aws+${name}@example.com`,
      arn: orgArn('account', id),
      status: isSuspended ? 'SUSPENDED' : 'ACTIVE',
      parentId: home,
      joinedTimestamp: new Date(EPOCH - (hash32(seed, 'joined', n) % 700) * 86_400_000),
      joinedMethod: isManagement ? 'INVITED' : 'CREATED',
      isManagement,
    };
  });
  return {
    id: orgId,
    arn: `arn:aws:organizations::${managementId}:organization/${orgId}`,
    managementAccountId: managementId,
    managementAccountEmail: accounts[0]?.email ?? '',
    root: { id: rootId, arn: orgArn('root', rootId), name: 'Root' },
    units,
    accounts,
  };
}

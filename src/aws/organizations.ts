import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Limiter } from './limit.js';
import { compareText } from '../engine/compare.js';

export interface OrgAccount {
  id: string;
  name: string | undefined;
  status: string | undefined;
  /** The OU (or root) it was listed under; undefined when found by ListAccounts. */
  parentId: string | undefined;
}

export interface OrgWalk {
  accounts: OrgAccount[];
  /** Configured organization_units / skip_organization_units that the tree does not contain. */
  unknownUnits: string[];
  /** How many Organizations calls the walk made. */
  calls: number;
}

export interface OrgSelection {
  organizationUnits?: readonly string[];
  skipOrganizationUnits?: readonly string[];
}

export interface OrgWalkOptions {
  /**
   * Called with each page of kept accounts as soon as it arrives, so members can be set up while
   * the walk goes on (ListAccounts pages hold at most 20 accounts). An account is passed once.
   */
  onAccounts?: (accounts: OrgAccount[]) => void;
  /** Once aborted, no further page is requested: the walk ends with what it has (a stopped sync). */
  signal?: AbortSignal;
}

type Page<T> = (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>;

function toOrgAccount(a: Account, parentId: string | undefined): OrgAccount | undefined {
  return a.Id ? { id: a.Id, name: a.Name, status: a.State ?? a.Status, parentId } : undefined;
}

/**
 * The accounts of the organization that the selection keeps. Without organization_units (and
 * without skips) one ListAccounts; otherwise a walk from the roots: accounts are listed under
 * every selected OU and the OUs nested in it, and a skipped OU hides its whole subtree.
 */
export async function listOrganizationAccounts(client: OrganizationsClient, selection: OrgSelection, limit: Limiter, options: OrgWalkOptions = {}): Promise<OrgWalk> {
  let calls = 0;
  /** Pages through one list call, each page under the limiter, until the end or the signal. */
  const pages = async <T>(page: Page<T>, onPage?: (items: T[]) => void): Promise<T[]> => {
    const all: T[] = [];
    let token: string | undefined;
    do {
      if (options.signal?.aborted) break;
      const result = await limit(() => page(token));
      calls += 1;
      all.push(...result.items);
      onPage?.(result.items);
      token = result.next;
    } while (token);
    return all;
  };
  const accounts = new Map<string, OrgAccount>();
  /** Keeps the accounts of one page not seen before, and hands them over at once. */
  const keep = (items: Account[], parentId: string | undefined): void => {
    const fresh: OrgAccount[] = [];
    for (const a of items) {
      const account = toOrgAccount(a, parentId);
      if (!account || accounts.has(account.id)) continue;
      accounts.set(account.id, account);
      fresh.push(account);
    }
    if (fresh.length > 0) options.onAccounts?.(fresh);
  };
  const wanted = new Set(selection.organizationUnits ?? []);
  const skipped = new Set(selection.skipOrganizationUnits ?? []);
  if (wanted.size === 0 && skipped.size === 0) {
    await pages(
      async (NextToken) => {
        const out = await client.send(new ListAccountsCommand({ NextToken }));
        return { items: out.Accounts ?? [], next: out.NextToken };
      },
      (items) => keep(items, undefined),
    );
    return { accounts: [...accounts.values()], unknownUnits: [], calls };
  }
  const seen = new Set<string>();
  const visit = async (parentId: string, parentSelected: boolean): Promise<void> => {
    seen.add(parentId);
    if (skipped.has(parentId)) return;
    const selected = parentSelected || wanted.size === 0 || wanted.has(parentId);
    const listAccounts = selected
      ? pages(
          async (NextToken) => {
            const out = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
            return { items: out.Accounts ?? [], next: out.NextToken };
          },
          (items) => keep(items, parentId),
        )
      : Promise.resolve([]);
    const listUnits = pages(async (NextToken) => {
      const out = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }));
      return { items: out.OrganizationalUnits ?? [], next: out.NextToken };
    });
    const [, units] = await Promise.all([listAccounts, listUnits]);
    await Promise.all(units.flatMap((u) => (u.Id ? [visit(u.Id, selected)] : [])));
  };
  const roots = await pages(async (NextToken) => {
    const out = await client.send(new ListRootsCommand({ NextToken }));
    return { items: out.Roots ?? [], next: out.NextToken };
  });
  await Promise.all(roots.flatMap((r) => (r.Id ? [visit(r.Id, false)] : [])));
  const unknownUnits = [...wanted, ...skipped].filter((id) => !seen.has(id));
  return { accounts: [...accounts.values()].sort((a, b) => compareText(a.id, b.id)), unknownUnits, calls };
}

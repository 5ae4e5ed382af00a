import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Limiter } from './limit.js';

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

/** Pages through one Organizations list call, each page under the limiter. */
async function pages<T>(
  limit: Limiter,
  counter: { calls: number },
  page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
  onPage?: (items: T[]) => void,
  signal?: AbortSignal,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    if (signal?.aborted) break;
    const result = await limit(() => page(token));
    counter.calls += 1;
    all.push(...result.items);
    onPage?.(result.items);
    token = result.next;
  } while (token);
  return all;
}

function toOrgAccount(a: Account, parentId: string | undefined): OrgAccount | undefined {
  return a.Id ? { id: a.Id, name: a.Name, status: a.State ?? a.Status, parentId } : undefined;
}

/**
 * The accounts of the organization that the selection keeps. Without organization_units (and
 * without skips) one ListAccounts; otherwise a walk from the roots: accounts are listed under
 * every selected OU and the OUs nested in it, and a skipped OU hides its whole subtree.
 */
export async function listOrganizationAccounts(client: OrganizationsClient, selection: OrgSelection, limit: Limiter, options: OrgWalkOptions = {}): Promise<OrgWalk> {
  const counter = { calls: 0 };
  const wanted = new Set(selection.organizationUnits ?? []);
  const skipped = new Set(selection.skipOrganizationUnits ?? []);
  if (wanted.size === 0 && skipped.size === 0) {
    const emitted = new Set<string>();
    const kept = (items: Account[]) => items.flatMap((a) => toOrgAccount(a, undefined) ?? []);
    const listed = await pages(
      limit,
      counter,
      async (NextToken) => {
        const out = await client.send(new ListAccountsCommand({ NextToken }));
        return { items: out.Accounts ?? [], next: out.NextToken };
      },
      (items) => {
        const fresh = kept(items).filter((a) => !emitted.has(a.id));
        for (const a of fresh) emitted.add(a.id);
        if (fresh.length > 0) options.onAccounts?.(fresh);
      },
      options.signal,
    );
    return { accounts: kept(listed), unknownUnits: [], calls: counter.calls };
  }
  const seen = new Set<string>();
  const accounts = new Map<string, OrgAccount>();
  const visit = async (parentId: string, parentSelected: boolean): Promise<void> => {
    seen.add(parentId);
    if (skipped.has(parentId)) return;
    const selected = parentSelected || wanted.size === 0 || wanted.has(parentId);
    const keep = (items: Account[]) => {
      const fresh: OrgAccount[] = [];
      for (const a of items) {
        const account = toOrgAccount(a, parentId);
        if (!account || accounts.has(account.id)) continue;
        accounts.set(account.id, account);
        fresh.push(account);
      }
      if (fresh.length > 0) options.onAccounts?.(fresh);
    };
    const listAccounts = selected
      ? pages(
          limit,
          counter,
          async (NextToken) => {
            const out = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
            return { items: out.Accounts ?? [], next: out.NextToken };
          },
          keep,
          options.signal,
        )
      : Promise.resolve([]);
    const listUnits = pages(
      limit,
      counter,
      async (NextToken) => {
        const out = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }));
        return { items: out.OrganizationalUnits ?? [], next: out.NextToken };
      },
      undefined,
      options.signal,
    );
    const [, units] = await Promise.all([listAccounts, listUnits]);
    await Promise.all(units.flatMap((u) => (u.Id ? [visit(u.Id, selected)] : [])));
  };
  const roots = await pages(limit, counter, async (NextToken) => {
    const out = await client.send(new ListRootsCommand({ NextToken }));
    return { items: out.Roots ?? [], next: out.NextToken };
  });
  await Promise.all(roots.flatMap((r) => (r.Id ? [visit(r.Id, false)] : [])));
  const unknownUnits = [...wanted, ...skipped].filter((id) => !seen.has(id));
  return { accounts: [...accounts.values()].sort((a, b) => a.id.localeCompare(b.id)), unknownUnits, calls: counter.calls };
}

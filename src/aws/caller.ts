import type { Caller } from '../engine/pages.js';
import type { ErrorVerdict } from '../engine/partition.js';
import type { CallRef, Item, PartitionContext } from '../engine/table.js';
import type { ClientConstructor, ClientSource, PoolAccount, SdkClient } from './clients.js';
import { classifyError, type ClassifyOptions } from './errors.js';

type Sendable = SdkClient & { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Item> };

/**
 * The engine's Caller over the client pool: the table's client and command classes are used as
 * given, credentials come from the account's shared provider, and expired credentials are
 * refreshed once before the call is tried again.
 */
export function createCaller(pool: ClientSource, accounts: ReadonlyMap<string, PoolAccount>, options: ClassifyOptions = {}): Caller {
  return {
    async send(ctx: PartitionContext, call: CallRef, input: Item, signal?: AbortSignal): Promise<Item> {
      const account = accounts.get(ctx.accountId);
      if (!account) throw new Error(`no credentials for account ${ctx.accountId}`);
      const client = pool.client(account, ctx.region, call.client as unknown as ClientConstructor<Sendable>);
      const Command = call.command as unknown as new (input: Item) => unknown;
      try {
        return await client.send(new Command(input), { abortSignal: signal });
      } catch (err) {
        if (classifyError(err, options).action !== 'refresh-credentials') throw err;
        await account.credentials.refresh();
        return client.send(new Command(input), { abortSignal: signal });
      }
    },
  };
}

/** The engine's view of an AWS error: skip the item, skip the partition (with its reason), or fail it. */
export function verdictOf(err: unknown, options: ClassifyOptions = {}): ErrorVerdict {
  const classified = classifyError(err, options);
  const action = classified.action === 'skip-item' ? 'skip-item' : classified.action === 'skip-partition' ? 'skip' : 'fail';
  return { action, code: classified.code ?? classified.kind, reason: classified.reason };
}

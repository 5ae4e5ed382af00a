import type { Caller, CallMeter } from '../engine/pages.js';
import type { ErrorVerdict } from '../engine/partition.js';
import type { CallRef, Item, PartitionContext } from '../engine/table.js';
import { meterCall } from './call-meter.js';
import type { ClientConstructor, ClientSource, PoolAccount, SdkClient } from './clients.js';
import { classifyError, type ClassifyOptions } from './errors.js';
import { onAbort } from './on-abort.js';

type Sendable = SdkClient & { send(command: unknown): Promise<Item> };

/** As the SDK rejects a call whose abortSignal fires. */
function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

/**
 * Ends a pending call when its sync is cancelled. Calls are sent without the SDK's per-call
 * abortSignal: any per-call option makes the SDK rebuild the client's middleware stack for that
 * call (and add and remove listeners on the signal), ~8 % of a sync's CPU. What a cancelled call
 * leaves running ends when the sync closes its client pool, which also ends the pool's retry
 * waits (retry.ts).
 */
function cancellable<T>(call: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return call;
  if (signal.aborted) {
    call.catch(() => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const unregister = onAbort(signal, () => reject(abortError()));
    call.then(
      (value) => {
        unregister();
        resolve(value);
      },
      (err: unknown) => {
        unregister();
        reject(err);
      },
    );
  });
}

/**
 * The engine's Caller over the client pool: the table's client and command classes are used as
 * given, credentials come from the account's shared provider, and expired credentials are
 * refreshed once before the call is tried again.
 */
export function createCaller(pool: ClientSource, accounts: ReadonlyMap<string, PoolAccount>, options: ClassifyOptions = {}): Caller {
  return {
    async send(ctx: PartitionContext, call: CallRef, input: Item, signal?: AbortSignal, counts?: CallMeter): Promise<Item> {
      if (signal?.aborted) throw abortError();
      const account = accounts.get(ctx.accountId);
      if (!account) throw new Error(`no credentials for account ${ctx.accountId}`);
      const client = pool.client(account, ctx.region, call.client as unknown as ClientConstructor<Sendable>);
      const Command = call.command as unknown as new (input: Item) => object;
      const command = (): object => {
        if (!counts) return new Command(input);
        // One input object per metered call: the pool's call meter finds the call's meter by it.
        const own = { ...input };
        meterCall(own, counts, options);
        return new Command(own);
      };
      try {
        return await cancellable(client.send(command()), signal);
      } catch (err) {
        if (classifyError(err, options).action !== 'refresh-credentials') throw err;
        await account.credentials.refresh();
        return cancellable(client.send(command()), signal);
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

import type { FinalizeHandler, FinalizeHandlerArguments, FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import type { Caller, CallMeter } from '../engine/pages.js';
import type { ErrorVerdict } from '../engine/partition.js';
import type { CallRef, Item, PartitionContext } from '../engine/table.js';
import type { ClientConstructor, ClientSource, PoolAccount, SdkClient } from './clients.js';
import { classifyError, type ClassifyOptions } from './errors.js';

type Sendable = SdkClient & { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Item> };

interface MeterableCommand {
  middlewareStack?: { add(middleware: FinalizeRequestMiddleware<object, MetadataBearer>, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void };
}

/**
 * Counts each attempt of one command: added to the command's own stack below the SDK's retry
 * middleware (finalizeRequest, low priority), it runs once per attempt and sees each attempt's
 * deserialized error, which is where a throttle shows before the SDK retries it.
 */
function meter(command: MeterableCommand, counts: CallMeter, options: ClassifyOptions): void {
  let attempts = 0;
  const middleware: FinalizeRequestMiddleware<object, MetadataBearer> =
    (next: FinalizeHandler<object, MetadataBearer>) => async (args: FinalizeHandlerArguments<object>) => {
      attempts += 1;
      counts.calls += 1;
      if (attempts > 1) counts.retries += 1;
      try {
        return await next(args);
      } catch (err) {
        if (classifyError(err, options).kind === 'throttled') counts.throttles += 1;
        throw err;
      }
    };
  command.middlewareStack?.add(middleware, { step: 'finalizeRequest', priority: 'low', name: 'canopyCallMeter' });
}

/**
 * The engine's Caller over the client pool: the table's client and command classes are used as
 * given, credentials come from the account's shared provider, and expired credentials are
 * refreshed once before the call is tried again.
 */
export function createCaller(pool: ClientSource, accounts: ReadonlyMap<string, PoolAccount>, options: ClassifyOptions = {}): Caller {
  return {
    async send(ctx: PartitionContext, call: CallRef, input: Item, signal?: AbortSignal, counts?: CallMeter): Promise<Item> {
      const account = accounts.get(ctx.accountId);
      if (!account) throw new Error(`no credentials for account ${ctx.accountId}`);
      const client = pool.client(account, ctx.region, call.client as unknown as ClientConstructor<Sendable>);
      const Command = call.command as unknown as new (input: Item) => MeterableCommand;
      const command = (): MeterableCommand => {
        const built = new Command(input);
        if (counts) meter(built, counts, options);
        return built;
      };
      try {
        return await client.send(command(), { abortSignal: signal });
      } catch (err) {
        if (classifyError(err, options).action !== 'refresh-credentials') throw err;
        await account.credentials.refresh();
        return client.send(command(), { abortSignal: signal });
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

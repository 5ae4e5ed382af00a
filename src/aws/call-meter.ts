import type { FinalizeHandler, FinalizeHandlerArguments, FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import type { CallMeter } from '../engine/pages.js';
import { classifyError, type ClassifyOptions } from './errors.js';

/**
 * Meters by command input: the caller registers each call's input object with the meter it counts
 * into. One middleware per client reads it, rather than one added to every command's own stack:
 * a command with middleware of its own (or sent with options) makes the SDK rebuild the whole
 * middleware stack for that call, which cost ~6 % of a sync's CPU.
 */
const meters = new WeakMap<object, { meter: CallMeter; options: ClassifyOptions; attempts: number }>();

/** Counts the attempts of the call sent with this input object (one object per call) into `meter`. */
export function meterCall(input: object, meter: CallMeter, options: ClassifyOptions): void {
  meters.set(input, { meter, options, attempts: 0 });
}

interface MiddlewareStackOwner {
  middlewareStack?: { add(middleware: FinalizeRequestMiddleware<object, MetadataBearer>, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void };
}

/**
 * Counts each attempt of a metered call: below the SDK's retry middleware (finalizeRequest, low
 * priority) it runs once per attempt and sees each attempt's deserialized error, which is where a
 * throttle shows before the SDK retries it.
 */
export function installCallMeter(client: object): void {
  const middleware: FinalizeRequestMiddleware<object, MetadataBearer> =
    (next: FinalizeHandler<object, MetadataBearer>) => async (args: FinalizeHandlerArguments<object>) => {
      const metered = meters.get(args.input);
      if (!metered) return next(args);
      const counts = metered.meter;
      metered.attempts += 1;
      counts.calls += 1;
      if (metered.attempts > 1) counts.retries += 1;
      try {
        return await next(args);
      } catch (err) {
        if (classifyError(err, metered.options).kind === 'throttled') counts.throttles += 1;
        throw err;
      }
    };
  (client as MiddlewareStackOwner).middlewareStack?.add(middleware, { step: 'finalizeRequest', priority: 'low', name: 'canopyCallMeter' });
}

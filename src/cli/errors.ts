import { ZodError } from 'zod';
import { ConfigError, formatPath } from '../config/yaml-source.js';
import { DestinationError } from '../destinations/destination.js';

/** Bad usage: the CLI prints the message and exits 2 without doing anything. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes: 0 done, 1 failed, 2 bad usage or invalid configuration. */
export function exitCodeOf(err: unknown): number {
  // A destination that refuses its spec is bad input too; one that cannot connect is a failure.
  const badSpec = err instanceof DestinationError && err.code === 'INVALID_SPEC';
  return err instanceof UsageError || err instanceof ConfigError || err instanceof ZodError || badSpec ? 2 : 1;
}

export function describeError(err: unknown, subject = 'option'): string {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return `invalid ${subject} ${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`;
  }
  return err instanceof Error ? err.message : String(err);
}

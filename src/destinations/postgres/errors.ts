/**
 * What a failed call means for the batch:
 * - `lost`: the connection dropped or could not be made; retried on a fresh connection, then
 *   CONNECTION_FAILED.
 * - `transient`: a deadlock or serialization failure; retried, then WRITE_FAILED.
 * - `connect`: the server refused us (password, database, TLS); retrying cannot help.
 * - `other`: the statement itself failed (a constraint, a bad value).
 */
export type Failure = 'lost' | 'transient' | 'connect' | 'other';

const lostSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
const transientSqlStates = new Set(['40001', '40P01']);
const lostNodeCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN',
]);
// node-postgres reports a closed socket with plain Errors: these are their messages.
const lostMessages = /connection terminated|not queryable|connection error|timeout exceeded when trying to connect|connection timeout/i;

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function classify(err: unknown): Failure {
  const code = codeOf(err);
  if (code !== undefined) {
    if (lostSqlStates.has(code) || code.startsWith('08') || lostNodeCodes.has(code)) return 'lost';
    if (transientSqlStates.has(code)) return 'transient';
    // 28xxx: authentication; 3D000: no such database; 42501 at connect: no CONNECT privilege.
    if (code.startsWith('28') || code === '3D000' || code === 'ENOTFOUND' || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
      return 'connect';
    }
    return 'other';
  }
  const message = err instanceof Error ? err.message : '';
  if (lostMessages.test(message)) return 'lost';
  if (/does not support SSL|SSL|certificate/i.test(message)) return 'connect';
  return 'other';
}

/** A duplicate key: another row already holds a unique key (primary key or _cq_id) of the batch. */
export function isUniqueViolation(err: unknown): boolean {
  return codeOf(err) === '23505';
}

/** A one-line description of a driver error, run through `redact` (it never holds a password, but a server may echo input). */
export function describeError(err: unknown, redact: (text: string) => string): string {
  if (!(err instanceof Error)) return redact(String(err));
  let message = err.message;
  // Connecting to a name with several addresses fails with an AggregateError whose message is empty.
  if (!message && err instanceof AggregateError) message = err.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  const code = codeOf(err);
  if (!message) message = code ?? err.name;
  else if (code && !message.includes(code)) message += ` (${code})`;
  const detail = (err as { detail?: unknown }).detail;
  if (typeof detail === 'string' && detail) message += `: ${detail}`;
  return redact(message);
}

/** The column a driver error names: a NOT NULL violation says so, a bad COPY value says where. */
export function columnOf(err: unknown): string | undefined {
  const column = (err as { column?: unknown } | null)?.column;
  if (typeof column === 'string' && column) return column;
  const where = (err as { where?: unknown } | null)?.where;
  if (typeof where !== 'string') return undefined;
  return /COPY [^,]+, line \d+, column ([^:\s]+)/.exec(where)?.[1];
}

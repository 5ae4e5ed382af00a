/**
 * CloudQuery's `connection_string` goes to pgx, which takes a postgres:// URL or a libpq key=value
 * DSN. node-postgres parses only URLs, so both forms are parsed here into one settings object.
 * Nothing in this file puts the input into an error message: a connection string usually holds a
 * password.
 */

export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

export interface ConnectionSettings {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  sslmode: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  applicationName?: string;
  connectTimeoutSeconds?: number;
  /** The `options` startup parameter (command-line style `-c name=value` settings). */
  options?: string;
  /** Server settings sent at connect time, as pgx sends every key libpq does not know (search_path). */
  runtimeParams: Record<string, string>;
  /** pgxpool's pool_max_conns. */
  poolMaxConns?: number;
}

/** A connection string that cannot be used; the message names the key, never a value. */
export class ConnectionStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionStringError';
  }
}

// libpq and pgx keys that change nothing here: accepted so a CloudQuery string still works.
const ignoredKeys = new Set([
  'passfile', 'service', 'target_session_attrs', 'gssencmode', 'sslcompression', 'sslpassword', 'sslnegotiation',
  'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer', 'krbsrvname', 'gsslib', 'gssdelegation', 'channel_binding',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication',
  'client_encoding', 'load_balance_hosts', 'require_auth', 'ssl_min_protocol_version', 'ssl_max_protocol_version',
  'statement_cache_capacity', 'description_cache_capacity', 'default_query_exec_mode', 'min_read_buffer_size',
  'prefer_simple_protocol', 'pool_min_conns', 'pool_max_conn_lifetime', 'pool_max_conn_idle_time',
  'pool_health_check_period', 'pool_max_conn_lifetime_jitter', 'pool_min_idle_conns',
]);

/** Parses a postgres:// (or postgresql://) URL or a key=value DSN. */
export function parseConnectionString(text: string, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const pairs = /^postgres(ql)?:\/\//i.test(text.trim()) ? urlPairs(text.trim()) : dsnPairs(text);
  const settings: ConnectionSettings = { sslmode: 'prefer', runtimeParams: {} };
  let sslmode = env.PGSSLMODE;
  let fallbackApplicationName: string | undefined;
  for (const [key, value] of pairs) {
    switch (key) {
      case 'host':
        // pgx tries each host of a list in turn; the first is the one a single pool connects to.
        settings.host = value.split(',')[0] ?? value;
        break;
      case 'hostaddr':
        settings.host ??= value;
        break;
      case 'port':
        settings.port = integer(key, value.split(',')[0] ?? value, 1, 65_535);
        break;
      case 'user':
        settings.user = value;
        break;
      case 'password':
        settings.password = value;
        break;
      case 'dbname':
      case 'database':
        settings.database = value;
        break;
      case 'sslmode':
        sslmode = value;
        break;
      case 'sslrootcert':
      case 'sslcert':
      case 'sslkey':
        settings[key] = value;
        break;
      case 'application_name':
        settings.applicationName = value;
        break;
      case 'fallback_application_name':
        fallbackApplicationName = value;
        break;
      case 'connect_timeout':
        settings.connectTimeoutSeconds = integer(key, value, 0, 86_400);
        break;
      case 'options':
        settings.options = value;
        break;
      case 'pool_max_conns':
        settings.poolMaxConns = integer(key, value, 1, 10_000);
        break;
      default:
        if (!ignoredKeys.has(key)) settings.runtimeParams[key] = value;
    }
  }
  if (sslmode !== undefined && sslmode !== '') {
    if (!(sslModes as readonly string[]).includes(sslmode)) {
      throw new ConnectionStringError(`connection_string: sslmode must be one of ${sslModes.join(', ')}`);
    }
    settings.sslmode = sslmode as SslMode;
  }
  settings.applicationName ??= fallbackApplicationName;
  return settings;
}

function integer(key: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ConnectionStringError(`connection_string: ${key} must be an integer from ${min} to ${max}`);
  }
  return n;
}

function urlPairs(text: string): [string, string][] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectionStringError('connection_string is not a valid postgres:// URL');
  }
  const pairs: [string, string][] = [];
  const decode = (part: string, what: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new ConnectionStringError(`connection_string: the ${what} is not valid percent-encoding`);
    }
  };
  if (url.hostname) pairs.push(['host', decode(url.hostname.replace(/^\[(.*)\]$/, '$1'), 'host')]);
  if (url.port) pairs.push(['port', url.port]);
  if (url.username) pairs.push(['user', decode(url.username, 'user name')]);
  if (url.password) pairs.push(['password', decode(url.password, 'password')]);
  const database = url.pathname.replace(/^\//, '');
  if (database) pairs.push(['database', decode(database, 'database name')]);
  // Query parameters come last so that, as in pgx, they override the parts before them.
  for (const [key, value] of url.searchParams) pairs.push([key, value]);
  return pairs;
}

/** libpq's key=value syntax: values may be single-quoted; a backslash escapes the next character. */
function dsnPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  const space = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  while (i < text.length) {
    while (space(text[i])) i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && !space(text[i])) i++;
    const key = text.slice(keyStart, i);
    while (space(text[i])) i++;
    if (text[i] !== '=' || key === '') {
      // The stray word is not echoed: an unquoted password with a space splits into such words.
      throw new ConnectionStringError('connection_string is neither a postgres:// URL nor a key=value DSN (a word without "=")');
    }
    i++;
    while (space(text[i])) i++;
    let value = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i] as string;
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) throw new ConnectionStringError(`connection_string: unterminated quoted value for ${safeKey(key)}`);
    } else {
      while (i < text.length && !space(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
    }
    pairs.push([key, value]);
  }
  return pairs;
}

const knownKeys = new Set([
  'host', 'hostaddr', 'port', 'user', 'password', 'dbname', 'database', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey',
  'application_name', 'fallback_application_name', 'connect_timeout', 'options', 'search_path', 'pool_max_conns',
]);

/** Only keys libpq knows are echoed: a stray word might be part of a password. */
function safeKey(key: string): string {
  return knownKeys.has(key) || ignoredKeys.has(key) ? key : '(a key)';
}

/**
 * The first schema of a search_path, where CloudQuery's tables are created: identifiers are
 * folded to lower case unless double-quoted, and "$user" stands for the user's own schema.
 */
export function searchPathSchemas(searchPath: string): string[] {
  const names: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  const push = (): void => {
    const name = wasQuoted ? current : current.trim().toLowerCase();
    if (name !== '') names.push(name);
    current = '';
    wasQuoted = false;
  };
  for (let i = 0; i < searchPath.length; i++) {
    const c = searchPath[i] as string;
    if (quoted) {
      if (c === '"' && searchPath[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
      current = '';
    } else if (c === ',') {
      push();
    } else if (!wasQuoted) {
      current += c;
    }
  }
  push();
  return names;
}

/** Replaces every form of the password that could reach a message with "***". */
export function redactor(settings: Pick<ConnectionSettings, 'password'>, env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  const secrets = new Set<string>();
  for (const secret of [settings.password, env.PGPASSWORD]) {
    if (!secret) continue;
    secrets.add(secret);
    secrets.add(encodeURIComponent(secret));
    secrets.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, secret) => out.replaceAll(secret, '***'), text);
}

import type { Universe } from './data/universe.js';
import { SandboxError } from './errors.js';
import { removeResources, type RemovalRequest } from './remove-resources.js';
import type { AdminRequest } from './server.js';
import type { StatsRecorder } from './stats.js';
import type { SandboxTruth } from './truth.js';

/** What the /_sandbox/ endpoints reach. */
export interface AdminParts {
  universe: Universe;
  stats: StatsRecorder;
  truth: () => SandboxTruth;
}

function badRequest(message: string): SandboxError {
  return new SandboxError('InvalidRequest', message);
}

function jsonBody(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw badRequest('the request body must be a JSON object');
}

function dateParam(query: URLSearchParams, name: string): Date | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const date = new Date(/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : text);
  if (Number.isNaN(date.getTime())) throw badRequest(`${name} must be an ISO 8601 time or epoch seconds`);
  return date;
}

/** The account id an index or id names (events need no resource kind, so only existence is checked). */
function accountParam(universe: Universe, text: string | null): string {
  const id = text !== null && /^\d{1,6}$/.test(text) ? universe.org.accounts[Number(text)]?.id : text;
  if (!id || !universe.account(id)) throw badRequest(`no account ${String(text)} in the sandbox organization`);
  return id;
}

/**
 * The sandbox's own HTTP endpoints, for tools outside the process:
 *   GET  /_sandbox/truth, /_sandbox/stats, /_sandbox/health; POST /_sandbox/stats/reset
 *   POST /_sandbox/remove {kind, account, region?, count}: sandbox.removeResources()
 *   GET  /_sandbox/clock; POST /_sandbox/clock/advance {ms}: sandbox.advanceClock()
 *   GET  /_sandbox/events?account=&region=&start=&end=: truth().events.count()
 */
export function adminRoutes(parts: AdminParts): (request: AdminRequest) => unknown {
  const { universe, stats } = parts;
  const clock = () => ({ now: universe.clock.now().toISOString(), advancedMs: universe.clock.advancedMs });
  return ({ path, method, query, body }) => {
    if (path === '/_sandbox/truth' && method === 'GET') return parts.truth();
    if (path === '/_sandbox/stats' && method === 'GET') return stats.snapshot();
    if (path === '/_sandbox/stats/reset' && method === 'POST') return (stats.reset(), { reset: true });
    if (path === '/_sandbox/health') return { ok: true };
    if (path === '/_sandbox/remove' && method === 'POST') return removeResources(universe, jsonBody(body) as unknown as RemovalRequest);
    if (path === '/_sandbox/clock' && method === 'GET') return clock();
    if (path === '/_sandbox/clock/advance' && method === 'POST') {
      const { ms } = jsonBody(body);
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw badRequest('ms must be a number of milliseconds, at least 0');
      universe.clock.advance(ms);
      return clock();
    }
    if (path === '/_sandbox/events' && method === 'GET') {
      const accountId = accountParam(universe, query.get('account'));
      const region = query.get('region') ?? '';
      const start = dateParam(query, 'start');
      const end = dateParam(query, 'end');
      return { accountId, region, count: parts.truth().events.count(accountId, region, start, end) };
    }
    return undefined;
  };
}

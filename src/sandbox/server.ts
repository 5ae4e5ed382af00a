import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceModels } from '../models/index.js';
import { credentialScope } from './auth.js';
import { hash32, mulberry32, uuidOf } from './data/random.js';
import type { Universe } from './data/universe.js';
import { SandboxError } from './errors.js';
import type { IdentityStore } from './identity.js';
import { faultError } from './limits/error-codes.js';
import type { PageChains } from './limits/page-chains.js';
import type { TokenBuckets } from './limits/token-buckets.js';
import type { ResolvedOptions } from './options.js';
import { decodeRequest, encodeError, encodeOutput, type WireRequest, type WireResponse } from './protocols/index.js';
import { s3PathStyle } from './services/s3/addressing.js';
import type { ServiceDefinition } from './services/service.js';
import type { InFlightMeter, StatsRecorder, Outcome } from './stats.js';

export interface ServerParts {
  options: ResolvedOptions;
  universe: Universe;
  identity: IdentityStore;
  services: Record<string, ServiceDefinition>;
  stats: StatsRecorder;
  /** Faults resolved to account ids. */
  accessDenied: Set<string>;
  buckets: TokenBuckets;
  /** Links answered pages to the pages whose tokens they carry (the lower bound's chains). */
  chains?: PageChains;
  /** Calls between arrival and answer: the concurrency a client used. */
  inFlight?: InFlightMeter;
  /** Handles /_sandbox/* requests; undefined means 404, a thrown SandboxError its status. */
  admin: (request: AdminRequest) => unknown;
}

export interface AdminRequest {
  path: string;
  method: string;
  query: URLSearchParams;
  body: Buffer;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: WireResponse): void {
  // A Date header would make identical requests give different bytes.
  res.sendDate = false;
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

/** The global services answer in any region, with one limit and one counter per account. */
function cellRegion(service: ServiceDefinition, region: string): string {
  return service.global ? 'global' : region;
}

export class SandboxServer {
  private readonly server: Server;
  private readonly random: () => number;

  constructor(private readonly parts: ServerParts) {
    this.random = mulberry32(hash32(parts.options.seed, 'faults'));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        parts.options.log?.(`sandbox: unexpected failure: ${err instanceof Error ? err.stack : String(err)}`);
        if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error' });
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.parts.options.port, this.parts.options.host, () => {
        const address = this.server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${host}:${address.port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_sandbox/')) {
      send(res, this.answerAdmin({ path: url.pathname, method, query: url.searchParams, body }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const wire: WireRequest = { method, path: url.pathname, query: url.searchParams, headers, body };
    const answered = this.parts.inFlight?.start();
    try {
      const response = await this.respond(wire, `http://${headers.host ?? '127.0.0.1'}`);
      await this.delay();
      send(res, response);
    } finally {
      answered?.();
    }
  }

  private answerAdmin(request: AdminRequest): WireResponse {
    const json = (status: number, value: unknown): WireResponse => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
    try {
      const result = this.parts.admin(request);
      return result === undefined ? json(404, { error: `no sandbox endpoint ${request.path}` }) : json(200, result);
    } catch (err) {
      if (err instanceof SandboxError) return json(err.status, { error: err.message, code: err.code });
      throw err;
    }
  }

  private async respond(request: WireRequest, endpoint: string): Promise<WireResponse> {
    const { universe, identity, services, stats, options } = this.parts;
    const scope = credentialScope(request.headers, request.query);
    const service = scope ? services[scope.service] : undefined;
    const model = scope ? serviceModels[scope.service] : undefined;
    if (!scope || !service || !model) {
      const problem = scope ? `the sandbox does not serve ${scope.service}` : 'the request is not signed with SigV4';
      return { status: 400, headers: { 'content-type': 'text/plain' }, body: `canopy sandbox: ${problem}` };
    }
    const wire = service.name === 's3' ? { ...request, path: s3PathStyle(request.path, request.headers.host) } : request;
    const requestId = uuidOf(options.seed, wire.method, wire.path, wire.query.toString(), hash32(wire.body.toString('latin1')));
    const protocol = model.metadata.protocol;
    // Global services (IAM, Organizations) have one limit and one counter per account, whatever region signed.
    const region = cellRegion(service, scope.region);
    let accountId = 'unknown';
    let outcome: Outcome = 'ok';
    try {
      const { operation, op, input } = decodeRequest(model, wire);
      const now = universe.clock.now();
      const principal = identity.resolve(scope.accessKeyId, wire.headers['x-amz-security-token'], now);
      if (principal === undefined) throw faultError('invalidToken', protocol, service.name);
      if (principal === 'expired') throw faultError('expiredToken', protocol, service.name);
      accountId = principal.accountId;
      const regional = !service.global && service.name !== 's3';
      if (regional && !universe.isEnabled(accountId, scope.region)) throw faultError('invalidToken', protocol, service.name);
      if (this.parts.accessDenied.has(`${accountId}/${service.name}`)) throw faultError('accessDenied', protocol, service.name);
      if (options.throttling.enabled && !this.parts.buckets.take(accountId, region, service.name)) {
        outcome = 'throttled';
        throw faultError('throttling', protocol, service.name);
      }
      if (options.faults.errorRate > 0 && this.random() < options.faults.errorRate) throw faultError('unavailable', protocol, service.name);
      const handler = service.handlers[operation];
      if (!handler) throw new SandboxError('InvalidAction', `${operation} is not implemented by the canopy sandbox.`);
      const output = await handler(input, {
        universe,
        model,
        operation,
        cell: { accountId, region },
        region: scope.region,
        principal,
        identity,
        requestId,
        endpoint,
        now: () => now,
      });
      this.parts.chains?.recordCall({ accountId, region, service: service.name, operation }, model, input, output);
      return encodeOutput(model, operation, op, output, requestId);
    } catch (err) {
      if (outcome === 'ok') outcome = 'error';
      // A bug in a handler still answers in the protocol's shape, so clients report it as a server fault.
      const error = err instanceof SandboxError ? err : new SandboxError('InternalError', 'We encountered an internal error. Please try again.', 500, false);
      if (!(err instanceof SandboxError)) options.log?.(`sandbox: unexpected failure: ${err instanceof Error ? err.stack : String(err)}`);
      options.log?.(`sandbox: ${scope.service} ${accountId} ${region}: ${error.code}: ${error.message}`);
      return encodeError(model, error, requestId, wire.method);
    } finally {
      stats.record(accountId, region, scope.service, outcome);
    }
  }

  private async delay(): Promise<void> {
    const { fixedMs, jitterMs } = this.parts.options.latency;
    const ms = fixedMs + jitterMs * this.random();
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

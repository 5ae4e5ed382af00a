import { z } from 'zod';
import { serviceModels } from '../models/index.js';
import { YamlSource } from '../config/yaml-source.js';
import { isKnownRegion } from './data/regions.js';
import type { BucketSpec } from './limits/token-buckets.js';

/** An account by index in the organization (0 is the management account) or by 12-digit id. */
const accountRef = z.union([z.number().int().min(0), z.string().regex(/^\d{12}$/, 'expected a 12-digit account id')]);
const region = z.string().refine(isKnownRegion, { message: 'not an AWS region the sandbox knows' });
const serviceName = z.enum(Object.keys(serviceModels).sort() as [string, ...string[]], { message: `expected one of ${Object.keys(serviceModels).sort().join(', ')}` });
const bucket = z.strictObject({ burst: z.number().positive(), refillPerSecond: z.number().nonnegative() });

/** Everything that shapes a sandbox; a scenario file holds the same keys. */
const sandboxOptionsSchema = z.strictObject({
  seed: z.number().int().optional(),
  accounts: z.number().int().min(1).max(100_000).optional(),
  suspendedAccounts: z.number().int().min(0).optional(),
  regions: z.array(region).min(1).optional(),
  scale: z.number().int().min(0).max(100_000_000).optional(),
  readOnlyRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/).optional(),
  /** Generated CloudTrail events per hour in each (account, region); 0 disables them. */
  eventsPerHour: z.number().int().min(0).max(100_000).optional(),
  /** How many hours of CloudTrail history exist before the sandbox starts. */
  eventHistoryHours: z.number().min(0).max(24 * 365).optional(),
  latency: z.strictObject({ fixedMs: z.number().min(0).optional(), jitterMs: z.number().min(0).optional() }).optional(),
  throttling: z
    .union([z.boolean(), z.strictObject({ enabled: z.boolean().optional(), buckets: z.partialRecord(serviceName, bucket).optional() })])
    .optional(),
  faults: z
    .strictObject({
      accessDenied: z.array(z.strictObject({ account: accountRef, service: serviceName })).optional(),
      notOptedIn: z.array(z.strictObject({ account: accountRef, region })).optional(),
      errorRate: z.number().min(0).max(1).optional(),
      expireCredentialsAfterSeconds: z.number().positive().optional(),
    })
    .optional(),
});

type ScenarioOptions = z.input<typeof sandboxOptionsSchema>;

export interface SandboxOptions extends ScenarioOptions {
  host?: string;
  port?: number;
  /** A YAML or JSON scenario file; explicit options override its keys. */
  scenario?: string;
  /** Where request logs go; silent by default. */
  log?: (line: string) => void;
  /** The sandbox's time source (real time by default); sandbox.advanceClock() moves it on. */
  now?: () => Date;
}

export type AccountRef = z.infer<typeof accountRef>;

/** The options with every default applied. */
export interface ResolvedOptions {
  host: string;
  port: number;
  seed: number;
  accounts: number;
  suspendedAccounts: number;
  regions: string[];
  scale: number;
  readOnlyRoleName: string;
  eventsPerHour: number;
  eventHistoryHours: number;
  latency: { fixedMs: number; jitterMs: number };
  throttling: { enabled: boolean; buckets: Record<string, BucketSpec> };
  faults: {
    accessDenied: Array<{ account: AccountRef; service: string }>;
    notOptedIn: Array<{ account: AccountRef; region: string }>;
    errorRate: number;
    expireCredentialsAfterSeconds?: number;
  };
  log?: (line: string) => void;
  now: () => Date;
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const { host, port, scenario, log, now, ...rest } = options;
  const fromFile = scenario ? YamlSource.read(scenario).validate(sandboxOptionsSchema) : {};
  const direct = sandboxOptionsSchema.parse(rest);
  const merged = mergeOptions(fromFile, direct);
  const accounts = merged.accounts ?? 4;
  const members = accounts - 1;
  const throttling = merged.throttling;
  return {
    host: host ?? '127.0.0.1',
    port: port ?? 0,
    seed: merged.seed ?? 1,
    accounts,
    // Real organizations keep a few closed accounts around; small test orgs have none.
    suspendedAccounts: merged.suspendedAccounts ?? (members >= 5 ? Math.max(1, Math.floor(members / 20)) : 0),
    regions: merged.regions ?? ['us-east-1', 'eu-west-1'],
    scale: merged.scale ?? 1000,
    readOnlyRoleName: merged.readOnlyRoleName ?? 'CanopyReadOnly',
    eventsPerHour: merged.eventsPerHour ?? 6,
    eventHistoryHours: merged.eventHistoryHours ?? 24,
    latency: { fixedMs: merged.latency?.fixedMs ?? 0, jitterMs: merged.latency?.jitterMs ?? 0 },
    throttling:
      typeof throttling === 'object'
        ? { enabled: throttling.enabled ?? true, buckets: (throttling.buckets ?? {}) as Record<string, BucketSpec> }
        : { enabled: throttling ?? true, buckets: {} },
    faults: {
      accessDenied: merged.faults?.accessDenied ?? [],
      notOptedIn: merged.faults?.notOptedIn ?? [],
      errorRate: merged.faults?.errorRate ?? 0,
      expireCredentialsAfterSeconds: merged.faults?.expireCredentialsAfterSeconds,
    },
    log,
    now: now ?? (() => new Date()),
  };
}

type Parsed = z.output<typeof sandboxOptionsSchema>;

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Explicit options over the scenario file's, key by key inside `faults`, `latency` and the
 * throttling buckets, so `--error-rate` does not drop the scenario's other faults.
 */
function mergeOptions(file: Parsed, direct: Parsed): Parsed {
  const merged: Parsed = { ...file, ...defined(direct) };
  if (file.faults && direct.faults) merged.faults = { ...file.faults, ...defined(direct.faults) };
  if (file.latency && direct.latency) merged.latency = { ...file.latency, ...defined(direct.latency) };
  const fileThrottling = file.throttling;
  const directThrottling = direct.throttling;
  if (typeof fileThrottling === 'object' && typeof directThrottling === 'object') {
    merged.throttling = {
      enabled: directThrottling.enabled,
      buckets: { ...fileThrottling.buckets, ...directThrottling.buckets },
    };
  }
  return merged;
}

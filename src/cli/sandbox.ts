import { InvalidArgumentError, type Command } from 'commander';
import type { SandboxOptions } from '../sandbox/index.js';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function port(value: string): number {
  const n = integer(value);
  if (n < 0 || n > 65_535) throw new InvalidArgumentError('expected a port between 0 and 65535');
  return n;
}

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

interface Flags {
  host: string;
  port: number;
  accounts?: number;
  regions?: string;
  scale?: number;
  seed?: number;
  scenario?: string;
  latency?: number;
  jitter?: number;
  throttle: boolean;
  errorRate?: number;
  readOnlyRole?: string;
  json?: boolean;
  verbose?: boolean;
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('serve a local AWS-compatible endpoint with a generated organization, until SIGINT or SIGTERM')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 0)
    .option('--accounts <n>', 'accounts in the organization, management included (default 4)', integer)
    .option('--regions <list>', 'enabled regions, comma-separated (default us-east-1,eu-west-1)')
    .option('--scale <n>', 'resources to generate across the organization (default 1000)', integer)
    .option('--seed <n>', 'seed of the generated data (default 1)', integer)
    .option('--scenario <file>', 'YAML or JSON scenario: the same keys as these flags, plus faults and rate limits')
    .option('--latency <ms>', 'fixed latency added to every call', number)
    .option('--jitter <ms>', 'random latency added on top, up to this many ms', number)
    .option('--no-throttle', 'disable the AWS-like token buckets')
    .option('--error-rate <ratio>', 'share of calls answered with a 503 (0..1)', number)
    .option('--read-only-role <name>', 'the read-only role every account has (default CanopyReadOnly)')
    .option('--json', 'print one JSON object with the endpoint and credentials on the first line')
    .option('--verbose', 'log every error the sandbox answers with to stderr')
    .action(async (flags: Flags) => {
      const options: SandboxOptions = {
        host: flags.host,
        port: flags.port,
        accounts: flags.accounts,
        regions: flags.regions?.split(',').map((r) => r.trim()).filter(Boolean),
        scale: flags.scale,
        seed: flags.seed,
        scenario: flags.scenario,
        readOnlyRoleName: flags.readOnlyRole,
        log: flags.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
      };
      if (flags.latency !== undefined || flags.jitter !== undefined) options.latency = { fixedMs: flags.latency ?? 0, jitterMs: flags.jitter ?? 0 };
      if (!flags.throttle) options.throttling = false;
      if (flags.errorRate !== undefined) options.faults = { errorRate: flags.errorRate };
      // Imported when the command runs: the emulator is not loaded by `canopy sync`.
      const { startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox(options);
      const truth = sandbox.truth();
      const info = {
        endpoint: sandbox.endpoint,
        managementAccountId: sandbox.managementAccountId,
        accessKeyId: sandbox.credentials.accessKeyId,
        secretAccessKey: sandbox.credentials.secretAccessKey,
        region: truth.regions[0],
        regions: truth.regions,
        accounts: truth.organization.accounts.length,
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(info)}\n`);
      } else {
        process.stdout.write(
          [
            `canopy sandbox listening on ${info.endpoint}`,
            `organization ${truth.organization.id}: ${info.accounts} accounts, regions ${info.regions.join(', ')}`,
            `management account ${info.managementAccountId}`,
            '',
            'Point the AWS CLI or SDKs at it with:',
            `  export AWS_ENDPOINT_URL=${info.endpoint}`,
            `  export AWS_ACCESS_KEY_ID=${info.accessKeyId}`,
            `  export AWS_SECRET_ACCESS_KEY=${info.secretAccessKey}`,
            `  export AWS_REGION=${info.region}`,
            '',
            `ground truth: ${info.endpoint}/_sandbox/truth   call counters: ${info.endpoint}/_sandbox/stats`,
            'Ctrl-C stops it.',
            '',
          ].join('\n'),
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sandbox.close();
    });
}

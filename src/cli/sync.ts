import type { Command } from 'commander';
import type { AwsLog } from '../aws/types.js';
import { loadConfig } from '../config/load-config.js';
import { registryChecks } from '../tables/index.js';
import { syncConfig } from '../sync/run.js';
import { applyHeapPolicy } from './heap-policy.js';
import { Progress } from './progress.js';
import { exitCodeFor, renderSummary } from './render.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const levels: Level[] = ['debug', 'info', 'warn', 'error'];

/** Log lines on stderr, as text or JSON; never carries secrets (the AWS layer redacts what it passes). */
export function logger(level: Level, format: 'text' | 'json'): AwsLog {
  const min = levels.indexOf(level);
  return (lineLevel, message, fields = {}) => {
    if (levels.indexOf(lineLevel) < min) return;
    const line =
      format === 'json'
        ? JSON.stringify({ level: lineLevel, time: new Date().toISOString(), msg: message, ...fields })
        : `${lineLevel.toUpperCase().padEnd(5)} ${message}${Object.entries(fields).map(([k, v]) => ` ${k}=${String(v)}`).join('')}`;
    process.stderr.write(`${line}\n`);
  };
}

interface Flags {
  logLevel: Level;
  logFormat: 'text' | 'json';
  strict?: boolean;
}

export function registerSync(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('sync')
    .description('sync the sources of one or more CloudQuery-format config files into their destinations')
    .argument('<config...>', 'YAML config files (documents from all files are merged, as in CloudQuery)')
    .option('--log-level <level>', 'debug | info | warn | error', 'info')
    .option('--log-format <format>', 'text | json', 'text')
    .option('--strict', 'exit 1 when any account or partition was skipped or failed')
    .action(async (files: string[], flags: Flags) => {
      const log = logger(levels.includes(flags.logLevel) ? flags.logLevel : 'info', flags.logFormat === 'json' ? 'json' : 'text');
      const heapFlag = applyHeapPolicy();
      if (heapFlag) log('debug', 'heap policy', { v8: heapFlag });
      else log('debug', 'heap policy: none, the heap flags in NODE_OPTIONS or node\'s arguments apply');
      const config = loadConfig(files, registryChecks());
      for (const warning of config.warnings) log('warn', warning.message);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // The live line only where a person watches; logs and pipes get plain lines.
      const progress = process.stderr.isTTY && flags.logFormat !== 'json' ? new Progress(process.stderr) : undefined;
      try {
        const results = await syncConfig(config, {
          log,
          signal: controller.signal,
          onPlan: (count, source, complete) => progress?.plan(count, source, complete),
          onPartition: (r, source) => {
            progress?.partition(r);
            if (r.status !== 'ok') log('warn', `${r.status} partition`, { source, table: r.table, account: r.accountId, region: r.region, code: r.code ?? '', reason: r.reason ?? '' });
            else log('debug', 'partition done', { source, table: r.table, account: r.accountId, region: r.region, rows: r.rows });
          },
        });
        progress?.finish();
        process.stdout.write(renderSummary(results));
        setExitCode(exitCodeFor(results, flags.strict === true));
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}

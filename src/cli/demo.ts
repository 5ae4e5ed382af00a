import type { Command } from 'commander';
import { startSandbox } from '../sandbox/index.js';
import { totalOf } from '../sandbox/truth.js';

/**
 * `canopy demo`: starts the sandbox in-process with a small organization and shows what an
 * inventory of it holds. The sync of every table into ./canopy-demo.db joins it with the sync
 * engine; until then it prints the sandbox's ground truth.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start a sandbox organization in-process and show what canopy inventories in it')
    .option('--seed <n>', 'seed of the generated organization', (v) => Number(v), 1)
    .action(async (flags: { seed: number }) => {
      const sandbox = await startSandbox({ accounts: 4, regions: ['us-east-1', 'eu-west-1'], scale: 600, seed: flags.seed, throttling: false });
      try {
        const truth = sandbox.truth();
        const { organization } = truth;
        const unitName = new Map(organization.units.map((u) => [u.id, u.name]));
        const lines = [
          `sandbox organization ${organization.id} at ${sandbox.endpoint}`,
          `regions: ${truth.regions.join(', ')}`,
          '',
          'accounts:',
          ...organization.accounts.map(
            (a) => `  ${a.id}  ${a.name.padEnd(28)} ${a.status.padEnd(9)} ${unitName.get(a.parentId) ?? 'Root'}`,
          ),
          '',
          'resources by kind:',
          ...Object.keys(truth.resources).map((kind) => `  ${kind.padEnd(24)} ${String(totalOf(truth, kind)).padStart(6)}`),
          '',
          'Serve it to other tools with: npx canopy sandbox',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await sandbox.close();
      }
    });
}

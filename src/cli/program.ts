import { Command, CommanderError } from 'commander';
import { describeError, exitCodeOf } from './errors.js';
import { registerDemo } from './demo.js';
import { registerSandbox } from './sandbox.js';
import { registerSync } from './sync.js';
import { registerTables } from './tables.js';

export function buildProgram(setExitCode: (code: number) => void = () => {}): Command {
  const program = new Command('canopy')
    .description('AWS cloud asset inventory: CloudQuery-compatible config and tables, written to SQLite, PostgreSQL, DuckDB, files or S3')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  registerDemo(program);
  registerSandbox(program);
  registerSync(program, setExitCode);
  registerTables(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 done, 1 failed, 2 bad usage or invalid config. */
export async function run(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await buildProgram((c) => (code = c)).parseAsync(argv);
    return code;
  } catch (err) {
    // Commander has already printed its own usage errors; help and version exit cleanly.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`canopy: ${describeError(err)}\n`);
    return exitCodeOf(err);
  }
}

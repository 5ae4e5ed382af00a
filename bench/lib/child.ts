import { spawn } from 'node:child_process';
import { inRepo, repoRoot, tsxNodeArgs } from './paths.js';

export interface ChildOptions {
  /** Extra node flags (--cpu-prof, --max-old-space-size), before the tsx loader. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Kill the child (by its pid) after this long; none by default. */
  timeoutMs?: number;
  /** Run a compiled .js file as it is, without the tsx loader (its path is then absolute). */
  plainJs?: boolean;
}

/** Children still running, so an interrupted run does not leave them behind. */
const running = new Set<number>();
let exitHookInstalled = false;

function track(pid: number | undefined): void {
  if (pid === undefined) return;
  running.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) {
      try {
        process.kill(child, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}

export function untrack(pid: number | undefined): void {
  if (pid !== undefined) running.delete(pid);
}

/** Spawns `node <tsx> <script> ...args` (script relative to the repository) from the repository root and registers its pid for cleanup. */
export function spawnTsx(script: string, args: readonly string[], options: ChildOptions = {}): ReturnType<typeof spawn> {
  const entry = options.plainJs ? [script] : [...tsxNodeArgs(), inRepo(script)];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child.pid);
  return child;
}

/**
 * Runs a bench child script to its end and parses the JSON object on the last line of its stdout
 * (the child prints nothing else there); a non-zero exit rejects with the tail of its stderr.
 */
export function runJsonChild<T>(script: string, args: readonly string[], options: ChildOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawnTsx(script, args, options);
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      // Only the tail matters for the error message; a chatty child must not grow this without bound.
      err = (err + chunk.toString('utf8')).slice(-8000);
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      untrack(child.pid);
      const text = Buffer.concat(out).toString('utf8').trimEnd();
      const last = text.slice(text.lastIndexOf('\n') + 1);
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code ?? signal}: ${err.trim().split('\n').slice(-15).join('\n')}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result line; stderr: ${err.trim().slice(-2000)}`));
      }
    });
  });
}

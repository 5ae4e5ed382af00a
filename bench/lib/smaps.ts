import { readFileSync, readdirSync } from 'node:fs';

/**
 * Resident memory by mapping, from the text of /proc/<pid>/smaps, in MiB: `anon` (V8's heap,
 * thread arenas), `[heap]` (the main malloc arena: SQLite's page cache, drivers), `[stack]`, and
 * each mapped file by its base name (`node`: code and ICU data touched).
 */
export function rssByMapping(smaps: string): Record<string, number> {
  const out: Record<string, number> = {};
  let name = 'anon';
  for (const line of smaps.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const path = header[1] ?? '';
      name = path === '' ? 'anon' : (path.split('/').pop() ?? path);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[name] = (out[name] ?? 0) + Number(rss[1]) / 1024;
  }
  return out;
}

/** The pid of this process's child whose command line contains `marker`, if it runs. */
export function childPid(marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** A process's resident set now, in MiB (VmRSS), or undefined once it has ended. */
export function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

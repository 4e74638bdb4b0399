/**
 * Whether a process still runs, for the data-directory lock and for stale temp files.
 *
 * `kill(pid, 0)` succeeds for a zombie: a process that was killed but not yet reaped by its
 * parent (a supervisor, a shell, a test runner) for a second or more. On Linux its state in
 * `/proc/<pid>/stat` says so (`Z`, or `X` while it is being reaped), and a zombie holds nothing:
 * its files are closed, so its lock is stale. Elsewhere `kill` is all there is.
 */
import { readFileSync } from 'node:fs';

/** True when process `pid` runs (a zombie does not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !['Z', 'X'].includes(linuxState(pid) ?? '');
}

/** The state letter of `pid` from /proc (R, S, D, Z, X...), or undefined where there is no /proc. */
export function linuxState(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
  return /^\s*(\S)/.exec(stat.slice(stat.lastIndexOf(')') + 1))?.[1];
}

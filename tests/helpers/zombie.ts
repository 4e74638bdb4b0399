/**
 * A real zombie process: killed (here: exited) but not reaped, because its parent does not wait
 * for it. A shell starts a child in the background and then replaces itself with `sleep`, which
 * never reaps; the child exits a second later, under the `sleep`. Linux only (the state is read from /proc); `zombie()` resolves undefined elsewhere.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { linuxState } from '../../src/store/process-state.js';

/** A zombie pid and the parent holding it (kill the parent to let init reap it). */
export interface Zombie {
  pid: number;
  parent: ChildProcess;
}

/** Waits until `pid` is a zombie, for at most `timeoutMs`. */
export async function becameZombie(pid: number, timeoutMs = 5_000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (linuxState(pid) === 'Z') return true;
  }
  return false;
}

/** Makes a zombie, or resolves undefined where processes have no /proc state. */
export async function zombie(): Promise<Zombie | undefined> {
  if (linuxState(process.pid) === undefined) return undefined;
  // The child outlives the shell's last commands: one that exits before the exec may be reaped by
  // the shell itself (seen under a loaded full run), and then never becomes a zombie.
  const parent = spawn('sh', ['-c', 'sh -c "sleep 1; exit 0" & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  if (!(await becameZombie(pid))) throw new Error(`process ${pid} did not become a zombie`);
  return { pid, parent };
}

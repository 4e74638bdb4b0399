/**
 * Starts the real server (src/main.ts through tsx) as a child process on a free port, for
 * tests that need a process to kill or a second process to compete with.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Characters of a crashed server's output worth showing in a test failure. */
const OUTPUT_TAIL = 6_000;
/** How long a failing test waits for a server whose port went away to report its exit. */
const EXIT_GRACE_MS = 1_000;

/** A started server process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Environment for a server on `dataDir` with a known admin key. */
export function serverEnv(dataDir: string, adminKey: string): NodeJS.ProcessEnv {
  return { ...process.env, PORT: '0', CARAVAN_HOST: '127.0.0.1', CARAVAN_DATA_DIR: dataDir, CARAVAN_ADMIN_KEY: adminKey, CARAVAN_LOG_LEVEL: 'info', CARAVAN_RATE_LIMIT: '1000000' };
}

/** Spawns the server and resolves when it logs that it listens (or rejects when it exits). */
export function startServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'main.ts')], { env, cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"port":(\d+)[^\n]*"msg":"Caravan is listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}`, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with code ${code}:\n${out}`), { code, output: out }));
    });
  });
}

/** Waits for a child to exit and returns its code. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Runs `fn`; when it fails and one of `servers` has exited meanwhile, the error carries that
 * server's exit and the end of its output, so a crash in CI is explained by the failure itself.
 */
export async function explainingExits<T>(servers: ServerProcess[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    await new Promise((r) => setTimeout(r, EXIT_GRACE_MS));
    const gone = servers.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null);
    if (!gone.length || !(err instanceof Error)) throw err;
    err.message += gone.map((s) => `\n--- server ${s.url} exited (code ${s.child.exitCode}, signal ${s.child.signalCode}); its output ends:\n${s.output().slice(-OUTPUT_TAIL)}`).join('');
    throw err;
  }
}

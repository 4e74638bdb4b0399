/**
 * The server as users run it, for the HTTP benchmark: `node dist/src/main.js` in a child process
 * of its own on a data directory, with request logging on (to a pipe the benchmark drains) and the
 * rate limit at its highest, so every request crosses the whole middleware stack. The benchmark
 * reads the process's resident set and CPU time from /proc, so its numbers are the server's alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Most of the server's output kept for an error message. */
const KEPT_OUTPUT = 64 * 1024;
/** Clock ticks per second of /proc/<pid>/stat (Linux's USER_HZ). */
const CLOCK_TICKS = 100;

/** A running server process. */
export interface BenchServer {
  child: ChildProcess;
  port: number;
  /** Resident set size now, in MB (VmRSS). */
  rssMb(): number;
  /** User + system CPU time used so far, in ms. */
  cpuMs(): number;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * The node flags `npm start` gives the server (package.json's start script), so that the
 * benchmark runs it as users do: `--max-semi-space-size=32` (issue 12, see the README's benchmark).
 */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return /\bnode ((?:--\S+ )*)dist\/src\/main\.js/.exec(pkg.scripts.start)?.[1]?.split(' ').filter(Boolean) ?? [];
}

/** Another server script, or a command the server runs under (stack-probe.ts). */
export interface ServerLaunch {
  /** The script instead of `dist/src/main.js` (a fixed-answer server, another tree's build). */
  script?: string;
  /** A command and its arguments to run node under (`valgrind --tool=callgrind ...`). */
  under?: string[];
}

/**
 * Starts `node dist/src/main.js` on `dataDir` and resolves once it listens (its index built).
 * `nodeArgs` go before the script, after the start script's flags (`--cpu-prof` to profile the
 * server; NODE_OPTIONS refuses it).
 */
export async function startBenchServer(dataDir: string, adminKey: string, extraEnv: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [],
  launch: ServerLaunch = {}): Promise<BenchServer> {
  const env = { ...process.env, PORT: '0', CARAVAN_HOST: '127.0.0.1', CARAVAN_DATA_DIR: dataDir, CARAVAN_ADMIN_KEY: adminKey,
    CARAVAN_LOG_LEVEL: 'info', CARAVAN_RATE_LIMIT: '1000000', NODE_ENV: 'production', ...extraEnv };
  const args = [...startFlags(), ...nodeArgs, launch.script ?? join(PACKAGE_ROOT, 'dist', 'src', 'main.js')];
  const [command, ...prefix] = launch.under ?? [process.execPath];
  const child = spawn(command as string, launch.under ? [...prefix, process.execPath, ...args] : args, { env, cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  // The server's last output, kept as its chunks (a log line a request): joining and cutting one
  // 64 KB string per line copied it on every request, in the client, on the same two cores.
  const kept: string[] = [];
  let keptChars = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    kept.push(text);
    keptChars += text.length;
    while (kept.length > 1 && keptChars - (kept[0] as string).length >= KEPT_OUTPUT) keptChars -= (kept.shift() as string).length;
  };
  const output = () => kept.join('');
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      keep(chunk);
      const m = /"port":(\d+)[^\n]*"msg":"Caravan is listening"/.exec(output());
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', keep);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', keep);
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code}:\n${output()}`)));
  });
  const pid = child.pid as number;
  return {
    child,
    port,
    rssMb: () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024),
    cpuMs: () => {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

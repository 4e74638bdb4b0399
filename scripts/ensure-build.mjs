#!/usr/bin/env node
// Builds what is missing or older than its sources, so `npm start` and `npm run bench` work on a
// fresh clone without a separate build step: the server (tsc into dist/) and the web console
// (API types from openapi.yaml, then Vite into dist/console/). `node scripts/ensure-build.mjs
// console` builds only the console (the browser tests need nothing else). A lock directory keeps
// two processes (parallel test files, two starts) from building at the same time.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'dist', '.build-lock');
// A lock older than this was left by a build that died.
const STALE_LOCK_MS = 5 * 60 * 1000;

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

function stale(stamp, sources) {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return built < Math.max(...sources.map((s) => newest(join(root, s))));
}

function node(...args) {
  // NODE_ENV=production: a build started from the tests (NODE_ENV=test) must be the same build.
  execFileSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'production' } });
}

function withLock(fn) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const only = process.argv[2];
withLock(() => {
  const serverStamp = join(root, 'dist', '.build-stamp');
  if (only !== 'console' && stale(serverStamp, ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json'])) {
    process.stderr.write('caravan: building dist/ ...\n');
    node(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'));
    chmodSync(join(root, 'dist', 'src', 'cli', 'main.js'), 0o755);
    writeFileSync(serverStamp, String(Date.now()));
  }
  const consoleStamp = join(root, 'dist', '.console-stamp');
  if (stale(consoleStamp, ['console', 'openapi.yaml', 'src/domain', 'package-lock.json'])) {
    process.stderr.write('caravan: building the web console into dist/console/ ...\n');
    node(join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), 'openapi.yaml', '--output', 'console/src/api/schema.d.ts', '--silent');
    node(join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.ts');
    writeFileSync(consoleStamp, String(Date.now()));
  }
});

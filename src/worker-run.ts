/**
 * Starts a worker thread on one of our modules, both from `dist/` (production: the compiled
 * `.js` file) and from the TypeScript sources (vitest, `tsx` in development), where Node cannot
 * load a `.ts` file by itself.
 *
 * From the sources, the worker first registers tsx's loader in its own thread and then imports
 * the module. Node 20 does not carry the parent's loader into a worker, and `--import tsx` in a
 * worker's `execArgv` registers it too late for the worker's entry module; registering from an
 * evaluated bootstrap and importing the entry afterwards works on Node 20 and 22. tsx is a
 * development dependency: production never takes this path. A worker loads its modules anew:
 * the term-base import's worker took 0.9-1.8 s from `dist/` to read a one-concept file on the
 * 2-core machine at load 8 (its readers and their data), about as long under tsx. Start one for
 * work that takes longer than that.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** True when this module runs from the TypeScript sources rather than from `dist/`. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * Starts a worker on `module`, named as compiled (`new URL('./x-worker.js', import.meta.url)`);
 * from the sources the `.ts` file beside it is run through tsx.
 */
export function startWorker(module: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!FROM_SOURCES) return new Worker(module, options);
  const source = new URL(module.href.replace(/\.js$/, '.ts'));
  const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')));
  const bootstrap = `import(${JSON.stringify(tsx.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * A lowdb adapter that makes every write durable and atomic.
 *
 * lowdb's own `JSONFile` writes through steno: no fsync, and one temp file name shared by
 * every process. Here a write goes to a temp file unique to this process and call, is
 * fsynced, renamed over the target, and the directory is fsynced so the rename itself
 * survives a crash. Writes are serialised: the file always holds one complete document.
 * A process killed during a write leaves its temp file behind; `removeStaleTempFiles` (run when
 * the 0.1.0 term base is read to upgrade it) deletes those of processes that no longer run.
 */
import type { Adapter } from 'lowdb';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../process-state.js';

/** Durable JSON file adapter for lowdb; pretty-printed so people can read and diff it. */
export class DurableJsonFile<T> implements Adapter<T> {
  private queue: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Deletes temp files (`.<name>.<pid>.<n>.tmp`) left by processes that no longer run; returns their names. */
  async removeStaleTempFiles(): Promise<string[]> {
    const prefix = `.${basename(this.file)}.`;
    const removed: string[] = [];
    let names: string[];
    try {
      names = await readdir(dirname(this.file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return removed;
      throw err;
    }
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const m = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid === process.pid || processAlive(pid)) continue;
      await rm(join(dirname(this.file), name), { force: true });
      removed.push(name);
    }
    return removed;
  }

  write(data: T): Promise<void> {
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const run = this.queue.then(() => this.writeNow(text));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeNow(text: string): Promise<void> {
    const dir = dirname(this.file);
    const tmp = join(dir, `.${basename(this.file)}.${process.pid}.${++this.counter}.tmp`);
    try {
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(text, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }
}

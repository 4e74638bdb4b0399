/**
 * Progress bars for long CLI commands (cli-progress on stderr). Nothing is drawn when stderr
 * is not a terminal, so scripts and tests see only the command's own output.
 */
import { SingleBar } from 'cli-progress';
import { open } from 'node:fs/promises';
import { UnreadableInputError } from '../domain/errors.js';

/** A started bar: `update(done, total)`, then `stop()`. */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/** A bar labelled `label`, counting `unit`. */
export function progressBar(label: string, unit: string, total = 0): Progress {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: false,
  });
  let started = false;
  return {
    update(done, newTotal) {
      if (!started) {
        bar.start(newTotal ?? total, 0);
        started = true;
      } else if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A file as a stream of chunks that moves a progress bar over its bytes (in KiB). */
export async function fileWithProgress(file: string, label: string): Promise<{ stream: AsyncIterable<Uint8Array>; progress: Progress; close(): Promise<void> }> {
  const handle = await open(file).catch((err: NodeJS.ErrnoException) => {
    throw new UnreadableInputError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const size = (await handle.stat()).size;
  const progress = progressBar(label, 'KiB', Math.ceil(size / 1024));
  const source = handle.createReadStream();
  return {
    progress,
    stream: (async function* () {
      let read = 0;
      for await (const chunk of source as AsyncIterable<Buffer>) {
        read += chunk.length;
        progress.update(Math.ceil(read / 1024));
        yield chunk;
      }
    })(),
    async close() {
      progress.stop();
      await handle.close().catch(() => undefined);
    },
  };
}

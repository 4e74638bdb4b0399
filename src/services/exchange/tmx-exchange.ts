/**
 * TMX in and out of the translation memory.
 *
 * Import streams: each `tu` is read, turned into units for the requested pair(s), and staged
 * in batches through the TmSink's bulk write (the SQLite stage lives in a file of the data
 * directory), so memory stays bounded whatever the file's size. A unit over the limits every
 * unit meets (domain/limits.ts: a source over 10,000 characters, a target over 30,000...) is
 * skipped with the reason, which quotes nothing of the file but a cut tuid. Nothing is written until the whole file has
 * been read: a malformed file, a wrong root or a broken encoding anywhere aborts the import
 * and leaves the TM as it was. A dry run reads and counts the same way, then aborts.
 *
 * Every `tu` is accounted for: each unit it yields is imported, updated or skipped, and a `tu`
 * that yields none is skipped with its reason. A unit with the same pair, source and target as
 * an earlier `tu`'s (translate-toolkit writes such repeats) is skipped as "same ... as tu N":
 * the stage keeps the first, so what is reported as skipped is what is left out.
 *
 * Profile (issue 12; 100k units over HTTP into an empty memory, `--cpu-prof`, load 8): of the main
 * thread's time, staging inserts 24%, XML parsing and building units 17%, garbage collection 13%,
 * the index learning the units 6% (and its seal), limit checks 3%; the commit, 1.7-3.2 s at 100k,
 * runs in a worker (sqlite-tm-bulk.ts). Since then the stage past its first 10,000 units is
 * written by a worker too, STAGE_IN_FLIGHT batches behind the parsing, and the lone-surrogate
 * check is the engine's. The parse window of the main thread then (100k, load 6.5, 7.5 s):
 * garbage collection 15%, saxes and our XML reader some 20%, building units (`unitsOfTu`, inline
 * codes) 10%, limit checks 5%, handing batches to the worker 2%, the rest spread thin. The
 * import yields to the event loop every SLICE_MS (time-slice.ts) and stages small batches, so
 * lookups are answered while it runs.
 *
 * Since the fourth round, an upload of PARSE_IN_WORKER_BYTES or more into a store that stages
 * from another thread (SQLite on disk) is parsed, checked and staged in a worker
 * (tmx-parse-worker.ts), through the same loop (tmx-stage.ts), so its report is the same; the
 * main thread only passes the bytes on and folds each staged batch into the index as it comes
 * (staged-fold.ts). At 1M units the parse had been the serial part of the import on the main
 * thread (some 31 s of CPU with its collections, load 3-5) with the fold after it, during the
 * commit; now the fold runs beside the parse. A store that stages only on the main thread
 * (PostgreSQL's COPY, an in-memory SQLite) has its batches sent back from the worker and staged
 * here (`stagePortHere`): the parse, the larger part, still runs in the worker (a 1M-unit import
 * into PostgreSQL parsed on the event loop for 25 of its 33 s of reading, issue 13), and the
 * index learns the import after its commit, as before.
 *
 * Export streams TMX 1.4b page by page (keyset pagination on the unit id), so a large TM never
 * sits in memory; the HTTP route writes each chunk with backpressure. An import writes into one
 * memory; an export reads the memories it is given (the caller resolves both for the key).
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Principal } from '../../domain/auth/roles.js';
import type { UnitRecord } from '../../domain/tm/unit.js';
import { openTmxUpload } from '../../formats/registry.js';
import { TMX_END, type TmxSkip, tmxStart, tmxTu } from '../../formats/tmx.js';
import type { TmSink } from './exchange-ports.js';
import { TimeSlicer } from '../../time-slice.js';
import { requirePair, requireTag } from '../languages.js';
import { parseTmxInWorker, stagePortHere } from './tmx-parse-thread.js';
import { mergeSkips, stageTmx } from './tmx-stage.js';

export { MAX_SKIP_DETAILS, STAGE_BATCH, STAGE_IN_FLIGHT } from './tmx-stage.js';

/**
 * Uploads of at least this many bytes (or of unknown size) are parsed in a worker when the store
 * can stage from one (SQLite on disk): some 8,000 units, 0.2 s of parsing on the main thread,
 * against some 0.1-0.3 s to start the parse worker and the stage worker.
 */
export const PARSE_IN_WORKER_BYTES = 4 << 20;

/** Which memory and pair to import into, and whether to write at all. */
export interface TmxImportOptions {
  memory: string;
  sourceLang?: string;
  targetLang?: string;
  dryRun?: boolean;
  /** The upload's size in bytes when known (Content-Length): small files are parsed on the main thread. */
  bytes?: number;
}

/** What an import did (or, in a dry run, would do). */
export interface TmxImportReport {
  imported: number;
  updated: number;
  skipped: TmxSkip[];
  skippedTotal: number;
  dryRun: boolean;
}

/** Imports and exports TMX. */
export class TmxExchangeService {
  /**
   * `parseInWorkerFrom`: uploads of at least this many bytes are parsed in a worker (default
   * PARSE_IN_WORKER_BYTES); `onWorker` is called with each parse worker (tests end one to see an
   * import fail).
   */
  constructor(private readonly sink: TmSink, private readonly opts: { parseInWorkerFrom?: number; onWorker?: (worker: Worker) => void } = {}) {}

  /** Imports a TMX upload, all or nothing. */
  async importTmx(body: AsyncIterable<Uint8Array>, opts: TmxImportOptions, by: Principal): Promise<TmxImportReport> {
    const pair: { sourceLang?: string; targetLang?: string } = {};
    if (opts.sourceLang && opts.targetLang) {
      const { source, target } = requirePair(opts.sourceLang, opts.targetLang);
      Object.assign(pair, { sourceLang: source.tag, targetLang: target.tag });
    } else if (opts.sourceLang) pair.sourceLang = requireTag('sourceLang', opts.sourceLang).tag;
    else if (opts.targetLang) pair.targetLang = requireTag('targetLang', opts.targetLang).tag;

    const stream = await openTmxUpload(body);

    const bulk = await this.sink.beginBulk(opts.memory, by.name);
    const report: TmxImportReport = { imported: 0, updated: 0, skipped: [], skippedTotal: 0, dryRun: opts.dryRun === true };
    try {
      if ((opts.bytes ?? Infinity) >= (this.opts.parseInWorkerFrom ?? PARSE_IN_WORKER_BYTES)) {
        // Parsed off the main thread, and staged there too when the store can (the index then
        // folds the pages as they are staged); otherwise staged here, batch by batch.
        const here = bulk.stagePort ? undefined : stagePortHere((units, refs) => bulk.stage(units, refs));
        const stage = here?.port ?? (bulk.stagePort as () => MessagePort).call(bulk);
        const fold = report.dryRun ? undefined : bulk.fold;
        const onWorker = this.opts.onWorker;
        try {
          mergeSkips(report, await parseTmxInWorker(stream, { pair, stage, ...(opts.bytes === undefined ? {} : { bytes: opts.bytes }),
            ...(fold ? { fold: (page, share) => fold.call(bulk, page, share) } : {}), ...(onWorker ? { onWorker } : {}) }));
        } catch (err) {
          // A batch the store refused fails as the store's own error (a full disk answers 507).
          throw here?.failure() ?? err;
        } finally {
          await here?.close();
        }
      } else {
        // Upload chunks already buffered continue the parse without a turn of the event loop: the
        // slicer gives lookups their turn (without it, 300-600 ms passed between two at load 8).
        const slicer = new TimeSlicer();
        await stageTmx(stream, pair, (units, refs) => bulk.stage(units, refs), report, () => slicer.check());
      }
      const counts = report.dryRun ? await bulk.preview() : await bulk.commit();
      if (report.dryRun) await bulk.abort();
      report.imported = counts.created;
      report.updated = counts.updated;
      return report;
    } catch (err) {
      await bulk.abort().catch(() => undefined);
      throw err;
    }
  }

  /** The file name an export is offered as (the memory's id when it is one memory). */
  exportName(opts: { memories: readonly string[]; sourceLang?: string; targetLang?: string }): string {
    const what = opts.memories.length === 1 ? `${opts.memories[0]}-` : '';
    return `caravan-${what}${opts.sourceLang ?? 'all'}-${opts.targetLang ?? 'all'}.tmx`;
  }

  /**
   * TMX 1.4b in chunks: the header (with `srclang` when all units share it), one chunk per page of
   * units, the end. `at` dates the header (default: now); a file served with an entity tag passes
   * the time of its content, so the same content gives the same bytes.
   */
  async *exportTmx(pages: AsyncIterable<UnitRecord[]>, sourceLang?: string, at?: string): AsyncGenerator<string> {
    yield tmxStart(sourceLang, at);
    for await (const page of pages) {
      yield page.map((u) => tmxTu({
        id: u.id, sourceLang: u.sourceLang, targetLang: u.targetLang,
        source: { text: u.source, codes: u.sourceCodes ?? [] }, target: { text: u.target, codes: u.targetCodes ?? [] },
        context: u.context, origin: u.origin, note: u.note, createdAt: u.createdAt, createdBy: u.createdBy,
        updatedAt: u.updatedAt, updatedBy: u.updatedBy, usageCount: u.usageCount,
      })).join('');
    }
    yield TMX_END;
  }
}

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
 * Export streams TMX 1.4b page by page (keyset pagination on the unit id), so a large TM never
 * sits in memory; the HTTP route writes each chunk with backpressure. An import writes into one
 * memory; an export reads the memories it is given (the caller resolves both for the key).
 */
import type { Principal } from '../../domain/auth/roles.js';
import { quote, skipReason, unitProblems } from '../../domain/limits.js';
import type { NewUnit, UnitRecord } from '../../domain/tm/unit.js';
import { openTmxUpload } from '../../formats/registry.js';
import { TMX_END, type TmxSkip, type TmxUnit, readTmx, tmxStart, tmxTu } from '../../formats/tmx.js';
import type { TmSink } from './exchange-ports.js';
import { TimeSlicer } from '../../time-slice.js';
import { requirePair, requireTag } from '../languages.js';

/**
 * Units staged per batch, each batch one synchronous transaction on the event loop: 2,000 held it
 * 100-370 ms at 100k staged units under load 7-8 (the stage's identity index grows at random
 * places), so lookups during an import waited that long; 500 keep a batch near 25 ms on a quiet
 * machine at the same total speed (the stage has no journal, a transaction costs little).
 */
export const STAGE_BATCH = 500;
/**
 * Batches handed to the sink and not yet staged while the reader goes on: a store that stages in
 * a worker (sqlite-tm-bulk.ts) writes them beside the parsing; a few keep it busy without
 * holding more than a few thousand parsed units in memory.
 */
export const STAGE_IN_FLIGHT = 4;
/** Skipped `tu`s reported one by one; the rest are only counted. */
export const MAX_SKIP_DETAILS = 100;

/** Which memory and pair to import into, and whether to write at all. */
export interface TmxImportOptions {
  memory: string;
  sourceLang?: string;
  targetLang?: string;
  dryRun?: boolean;
}

/** What an import did (or, in a dry run, would do). */
export interface TmxImportReport {
  imported: number;
  updated: number;
  skipped: TmxSkip[];
  skippedTotal: number;
  dryRun: boolean;
}


/**
 * Adds a skip to the details, which keep the MAX_SKIP_DETAILS skips of the lowest `tu`s in
 * file order (repeats are found a batch after the skips the reader reports).
 */
function keepFirstSkips(list: TmxSkip[], s: TmxSkip): void {
  if (list.length >= MAX_SKIP_DETAILS && (list[list.length - 1] as TmxSkip).tu <= s.tu) return;
  let at = list.length;
  while (at > 0 && (list[at - 1] as TmxSkip).tu > s.tu) at--;
  list.splice(at, 0, s);
  if (list.length > MAX_SKIP_DETAILS) list.pop();
}

function toNewUnit(u: TmxUnit): NewUnit {
  const unit: NewUnit = { sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source.text, target: u.target.text };
  if (u.context.previous !== undefined || u.context.next !== undefined) unit.context = u.context;
  if (Object.keys(u.origin).length) unit.origin = u.origin;
  if (u.note !== undefined) unit.note = u.note;
  if (u.source.codes.length) unit.sourceCodes = u.source.codes;
  if (u.target.codes.length) unit.targetCodes = u.target.codes;
  return unit;
}

/** Imports and exports TMX. */
export class TmxExchangeService {
  constructor(private readonly sink: TmSink) {}

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
    const skip = (s: TmxSkip) => {
      keepFirstSkips(report.skipped, s.tuid === undefined ? s : { ...s, tuid: quote(s.tuid) });
      report.skippedTotal++;
    };
    try {
      let batch: TmxUnit[] = [];
      let newUnits: NewUnit[] = [];
      let tus: number[] = [];
      const inFlight: Promise<void>[] = [];
      const flush = async () => {
        const [units, refs] = [batch, tus];
        const staging = bulk.stage(newUnits, refs);
        batch = [];
        newUnits = [];
        tus = [];
        const staged = staging.then((repeats) => {
          for (const { index, firstRef } of repeats) {
            const u = units[index] as TmxUnit;
            const reason = `same ${u.sourceLang} and ${u.targetLang} text as tu ${firstRef}`;
            skip(u.tuid === undefined ? { tu: refs[index] as number, reason } : { tu: refs[index] as number, tuid: u.tuid, reason });
          }
        });
        // Awaited below, or at the end; a failure meanwhile is not an unhandled rejection.
        staged.catch(() => undefined);
        inFlight.push(staged);
        if (inFlight.length >= STAGE_IN_FLIGHT) await inFlight.shift();
      };
      // Upload chunks already buffered continue the parse without a turn of the event loop: the
      // slicer gives lookups their turn (without it, 300-600 ms passed between two at load 8).
      const slicer = new TimeSlicer();
      await readTmx(stream, pair, async (u, tu) => {
        await slicer.check();
        // The limits every unit meets (domain/limits.ts): the API's, checked before staging.
        const unit = toNewUnit(u);
        const problems = unitProblems(unit);
        if (problems.length) {
          skip({ tu, ...(u.tuid === undefined ? {} : { tuid: u.tuid }), reason: `${u.sourceLang} → ${u.targetLang}: ${skipReason(problems)}` });
          return;
        }
        batch.push(u);
        newUnits.push(unit);
        tus.push(tu);
        if (batch.length >= STAGE_BATCH) await flush();
      }, skip);
      if (batch.length) await flush();
      for (const staged of inFlight.splice(0)) await staged;
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

/**
 * A TMX stream read into a bulk write's stage, batch by batch: each `tu` read (formats/tmx.ts),
 * each unit checked against the limits every unit meets (domain/limits.ts: a unit over them is
 * skipped with the reason, quoting nothing of the file but a cut tuid), and the rest staged
 * STAGE_BATCH at a time, STAGE_IN_FLIGHT batches behind the reading. A unit with the same pair,
 * source and target as an earlier `tu`'s (translate-toolkit writes such repeats) is skipped as
 * "same ... as tu N": the stage keeps the first, so what is reported as skipped is what is left
 * out. Every `tu` is accounted for: each unit it yields is staged or skipped, and a `tu` that
 * yields none is skipped with its reason.
 *
 * The same loop runs on the main thread (tmx-exchange.ts, stores that stage there) and in the
 * TMX parse worker (tmx-parse-worker.ts), so both give the same report for the same file.
 */
import { quote, skipReason, unitProblems } from '../../domain/limits.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import { type TmxReadOptions, type TmxSkip, type TmxUnit, readTmx } from '../../formats/tmx.js';
import type { XmlSource } from '../../formats/xml/reader.js';
import type { StagedRepeat } from '../../store/types.js';

/**
 * Units staged per batch, each batch one synchronous transaction on the thread that stages:
 * 2,000 held the event loop 100-370 ms at 100k staged units under load 7-8 when the main thread
 * staged (issue 12); 500 keep a batch near 25 ms on a quiet machine at the same total speed.
 */
export const STAGE_BATCH = 500;
/**
 * Batches handed to the stage and not yet staged while the reader goes on: a stage written by a
 * worker (sqlite-tm-bulk.ts) is written beside the parsing; a few keep it busy without holding
 * more than a few thousand parsed units in memory.
 */
export const STAGE_IN_FLIGHT = 4;
/** Skipped `tu`s reported one by one; the rest are only counted. */
export const MAX_SKIP_DETAILS = 100;

/** The skips of an import: the MAX_SKIP_DETAILS of the lowest `tu`s, and how many in all. */
export interface SkipReport {
  skipped: TmxSkip[];
  skippedTotal: number;
}

/**
 * Adds a skip to `report`, whose details keep the MAX_SKIP_DETAILS skips of the lowest `tu`s in
 * file order (repeats are found a batch after the skips the reader reports).
 */
export function addSkip(report: SkipReport, s: TmxSkip): void {
  report.skippedTotal++;
  keep(report.skipped, s.tuid === undefined ? s : { ...s, tuid: quote(s.tuid) });
}

/** Keeps `skip` among the details if it is one of the lowest `tu`s. */
function keep(list: TmxSkip[], skip: TmxSkip): void {
  if (list.length >= MAX_SKIP_DETAILS && (list[list.length - 1] as TmxSkip).tu <= skip.tu) return;
  let at = list.length;
  while (at > 0 && (list[at - 1] as TmxSkip).tu > skip.tu) at--;
  list.splice(at, 0, skip);
  if (list.length > MAX_SKIP_DETAILS) list.pop();
}

/** Merges the skips of another report (a worker's) into `report`. */
export function mergeSkips(report: SkipReport, other: SkipReport): void {
  for (const s of other.skipped) keep(report.skipped, s);
  report.skippedTotal += other.skippedTotal;
}

function toNewUnit(u: TmxUnit): NewUnit {
  const unit: NewUnit = { sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source.text, target: u.target.text };
  if (u.context.previous !== undefined || u.context.next !== undefined) unit.context = u.context;
  for (const _ in u.origin) {
    // Any field at all (no array of the keys per unit).
    unit.origin = u.origin;
    break;
  }
  if (u.note !== undefined) unit.note = u.note;
  if (u.source.codes.length) unit.sourceCodes = u.source.codes;
  if (u.target.codes.length) unit.targetCodes = u.target.codes;
  return unit;
}

/** Stages a batch of units with their `tu` numbers as refs; resolves with its repeats once staged. */
export type StageBatch = (units: NewUnit[], refs: number[]) => Promise<StagedRepeat[]>;

/**
 * Reads `source` and stages its units through `stage`, adding every skip to `report`; resolves
 * once every batch is staged. `check`, if given, is awaited before each unit (a time slicer on
 * the main thread). Rejects with the reader's or the stage's error.
 */
export async function stageTmx(source: XmlSource, pair: TmxReadOptions, stage: StageBatch, report: SkipReport,
  check?: () => Promise<void>): Promise<void> {
  const skip = (s: TmxSkip) => addSkip(report, s);
  // Only what a repeat's skip names is kept while a batch is staged (the units themselves would
  // outlive the young generation's collections in a worker that stages through another).
  let batch: Pick<TmxUnit, 'sourceLang' | 'targetLang' | 'tuid'>[] = [];
  let units: NewUnit[] = [];
  let tus: number[] = [];
  const inFlight: Promise<void>[] = [];
  const flush = async () => {
    const [read, refs] = [batch, tus];
    const staging = stage(units, refs);
    batch = [];
    units = [];
    tus = [];
    const staged = staging.then((repeats) => {
      for (const { index, firstRef } of repeats) {
        const u = read[index] as (typeof read)[number];
        const reason = `same ${u.sourceLang} and ${u.targetLang} text as tu ${firstRef}`;
        skip(u.tuid === undefined ? { tu: refs[index] as number, reason } : { tu: refs[index] as number, tuid: u.tuid, reason });
      }
    });
    // Awaited below, or at the end; a failure meanwhile is not an unhandled rejection.
    staged.catch(() => undefined);
    inFlight.push(staged);
    if (inFlight.length >= STAGE_IN_FLIGHT) await inFlight.shift();
  };
  // Synchronous but for a batch that fills (a promise per unit was some 5% of the parse, issue 12).
  const take = (u: TmxUnit, tu: number): Promise<void> | undefined => {
    const unit = toNewUnit(u);
    const problems = unitProblems(unit);
    if (problems.length) {
      skip({ tu, ...(u.tuid === undefined ? {} : { tuid: u.tuid }), reason: `${u.sourceLang} → ${u.targetLang}: ${skipReason(problems)}` });
      return undefined;
    }
    batch.push(u.tuid === undefined ? { sourceLang: u.sourceLang, targetLang: u.targetLang } : { sourceLang: u.sourceLang, targetLang: u.targetLang, tuid: u.tuid });
    units.push(unit);
    tus.push(tu);
    return batch.length >= STAGE_BATCH ? flush() : undefined;
  };
  await readTmx(source, pair, check ? async (u, tu) => {
    await check();
    await take(u, tu);
  } : take, skip);
  if (batch.length) await flush();
  for (const staged of inFlight.splice(0)) await staged;
}

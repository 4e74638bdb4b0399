/**
 * Bulk writes of units into one memory in PostgreSQL (a TMX import), all or nothing, streamed:
 * `stage` streams each batch into one COPY into a TEMP table on a connection reserved for the import
 * (so memory stays flat, and a killed process or a dropped connection takes the stage with it:
 * nothing half-imported), and `commit` applies the stage in one write transaction: an UPDATE of
 * the existing twins, then one INSERT ... SELECT of the rest (see `applyStage`). Upsert semantics
 * are those of pg-tm.ts: the same pair and texts refresh the stored unit's context, origin, note and codes and count a use. A
 * unit with the identity (pair, source, target) of one staged before it is left out as it
 * arrives and reported with the first one's ref, as the embedded store does: the stage keeps a
 * 128-bit digest of every identity in memory (about 80 MB at 1M units), since the COPY gives no
 * answer per row and asking the database per batch would add a round trip. New ids follow staging
 * order; they are consecutive unless other nodes insert units while the commit runs (writes are
 * not serialised, see pg-db.ts), so `createdIds` is the range that holds them, with those
 * others' ids perhaps among them (a follower learning the range takes whatever units it holds).
 *
 * Where a 1M-unit import's time goes (issue 13; POST /api/v1/tm/import of the bench's synthetic
 * 186 MB TMX into a node with a built index, private cluster with fsync on, phases timed around
 * `stage`, `commit` and the index's learning, load average 2.4-3.9): 84.0 s in all, of which
 * reading the upload (TMX parse on the node's event loop, COPY rows streamed while the database
 * takes them on the other core) 32.7 s (7.7 s of it in `stage`: digests, rows, socket writes),
 * the commit 24.2 s (the database alone: the node is idle), and the index learning the created
 * units 27.2 s (25.2 s CPU: reading the 1M rows back is 4.2-5.4 s of it, the rest folding and
 * sealing, as in a node's start). At 200k units (load 1-3) the same split is 5.8 / 3.4-4.9 /
 * 3.6-5.1 s. EXPLAIN (ANALYZE, BUFFERS, WAL) of the commit's insert at 200k: 4.1 s, all of it in
 * `units` (heap plus the three B-trees: about 4 WAL records and 700 bytes per row, 140 MB); the
 * anti-join and the sort by `seq` take 0.3 s; no foreign key or trigger on `units`. The three
 * phases are each bound by one core (the node, the database, the node), so the floor with this
 * design is their sum. Hiding the commit behind the learning would take folding the staged
 * units while it runs, with their ids drawn before it, and an index that keeps such folded units
 * out of lookups and out of its compaction until the commit is known (not done yet).
 *
 * COPY's text format is used: fields separated by tabs, rows by newlines, `\N` for NULL, and
 * backslash, tab, newline and carriage return escaped (PostgreSQL manual, "COPY", File Formats).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { InlineCode } from '../../domain/inline.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { BulkUnitWrite, BulkWriteCounts, StagedRepeat, TmBulkWriter } from '../types.js';
import { CHANGE_UNITS, type ChangeInput } from './pg-changes.js';
import { guard, type PgDb, type Tx } from './pg-db.js';
import { lockMemory } from './pg-tm.js';

const STAGE_COLUMNS = ['source_lang', 'target_lang', 'source', 'target', 'context_previous', 'context_next', 'origin_document',
  'origin_title', 'origin_date', 'note', 'source_codes', 'target_codes'] as const;
const REFRESHED = STAGE_COLUMNS.slice(4);
/** Work memory for the commit's sort and anti-join (per operation): keeps a 1M-unit stage off disk. */
const COMMIT_WORK_MEM = '256MB';

/** PostgreSQL's unique_violation: the insert met a twin that another writer committed meanwhile. */
const UNIQUE_VIOLATION = '23505';
/** Applications of the stage within the commit before such twins fail it: each retry updates the twins it met. */
const TWIN_RETRIES = 5;

let stages = 0;

/**
 * Applies stage `table` to the units of memory `params[0]` (actor, time): existing twins are
 * updated first, then the rest inserted in staging order, straight from the stage (every identity
 * is staged once: repeats are left out in `stage`; the copy of the stage the commit used to make
 * cost 0.12 s at 200k). The insert has no ON CONFLICT clause, which made every row a speculative
 * insertion with a WAL record of its own, so a twin another writer committed meanwhile raises a
 * unique violation instead, and the caller applies the stage again. Measured at 200k units: WAL
 * records 1,011,224 -> 811,224 (149 -> 140 MB); commit time 4.3-4.4 s -> 3.4-4.9 s (load 1-4:
 * within the noise of the shared machine).
 */
async function applyStage(tx: Tx, table: string, params: [string, string, string]): Promise<{ result: BulkWriteCounts; change?: ChangeInput }> {
  const cols = STAGE_COLUMNS.join(', ');
  const [upd] = await tx.unsafe<{ n: number }[]>(`WITH upd AS (UPDATE units u SET ${REFRESHED.map((c) => `${c} = p.${c}`).join(', ')},
      updated_by = $2, updated_at = $3, usage_count = u.usage_count + 1 FROM ${table} p
      WHERE u.memory_id = $1 AND u.source_lang = p.source_lang AND u.target_lang = p.target_lang AND u.source_digest = p.sd
      AND u.target_digest = p.td RETURNING u.id)
    SELECT count(*)::int AS n FROM upd`, params);
  const [ins] = await tx.unsafe<{ created: number; first: number | null; last: number | null }[]>(`WITH ins AS (
      INSERT INTO units (memory_id, ${cols}, created_by, created_at, updated_by, updated_at)
      SELECT $1, ${cols}, $2, $3, $2, $3 FROM ${table} p WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.memory_id = $1
        AND u.source_lang = p.source_lang AND u.target_lang = p.target_lang AND u.source_digest = p.sd AND u.target_digest = p.td)
      ORDER BY seq
      RETURNING id)
    SELECT count(*)::int AS created, min(id) AS first, max(id) AS last FROM ins`, params);
  const created = ins?.created ?? 0;
  const counts: BulkWriteCounts = { created, updated: upd?.n ?? 0 };
  const range = created > 0 && ins?.first != null && ins.last != null ? { from: ins.first, to: ins.last } : undefined;
  if (range) counts.createdIds = range;
  return { result: counts, change: created + counts.updated > 0 ? { kind: CHANGE_UNITS, memory: params[0], ...range } : undefined };
}

/** Characters COPY's text format escapes. */
const COPY_ESCAPED = /[\\\t\n\r]/;

/** A value in COPY text format (text, or NULL as `\\N`). Most values need no escape: tested before replacing. */
export function copyField(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (!COPY_ESCAPED.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function codesJson(codes: readonly InlineCode[] | undefined): string | null {
  return codes && codes.length ? JSON.stringify(codes) : null;
}

/**
 * One unit as a COPY row, concatenated field by field (an array, `map` and `join` per row took
 * four times as long: 200k rows 170-400 ms against 46-65 ms, measured under load 3).
 */
function copyRow(u: NewUnit): string {
  const f = copyField;
  return `${f(u.sourceLang)}\t${f(u.targetLang)}\t${f(u.source)}\t${f(u.target)}\t${f(u.context?.previous)}\t${f(u.context?.next)}\t${
    f(u.origin?.document)}\t${f(u.origin?.title)}\t${f(u.origin?.date)}\t${f(u.note)}\t${f(codesJson(u.sourceCodes))}\t${f(codesJson(u.targetCodes))}\n`;
}

/** A unit's identity within a memory (pair, source, target) as a 128-bit digest: the stage's key for repeats. */
function identityKey(u: NewUnit): string {
  return createHash('sha256').update(`${u.sourceLang}\u0000${u.targetLang}\u0000${u.source}\u0000${u.target}`).digest('base64url').slice(0, 22);
}

/** PostgreSQL adapter for {@link TmBulkWriter}. */
export class PgTmBulk implements TmBulkWriter {
  constructor(private readonly db: PgDb) {}

  async beginBulkWrite(memory: string, actor: string): Promise<BulkUnitWrite> {
    const conn = await this.db.sql.reserve();
    const table = `bulk_units_${process.pid}_${++stages}`;
    const cols = STAGE_COLUMNS.join(', ');
    // Digests are computed as rows arrive (COPY), so the commit compares short byte strings, not texts.
    await conn.unsafe(`CREATE TEMP TABLE ${table} (seq bigint GENERATED ALWAYS AS IDENTITY, ${STAGE_COLUMNS.map((c) => `${c} text`).join(', ')},
      sd bytea GENERATED ALWAYS AS (caravan_digest(source)) STORED, td bytea GENERATED ALWAYS AS (caravan_digest(target)) STORED)`);
    const firstRefs = new Map<string, number>();
    let staged = 0;
    let open = true;
    const release = async () => {
      if (!open) return;
      open = false;
      firstRefs.clear();
      // A dead connection took its TEMP table with it: nothing to drop then.
      await conn.unsafe(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      conn.release();
    };
    const ensureOpen = () => {
      if (!open) throw new Error('the bulk write is already committed or aborted');
    };
    // One COPY for the whole stage, opened by the first batch and ended before anything else runs on
    // the connection (measured at 100k units: a COPY per batch of 1,000 spent half the stage time in round trips).
    // Opened once, by whichever stage comes first: the TMX import keeps several stages in flight,
    // and a second COPY opened while the first was still opening failed the import with
    // COPY_IN_PROGRESS (seen under load). Stages write in the order they were called, since each
    // awaits the same opening.
    let sink: Promise<Writable> | undefined;
    let sinkError: unknown;
    const endCopy = async () => {
      const s = await sink;
      sink = undefined;
      if (s) await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.end(() => resolve());
      });
      if (sinkError) throw sinkError;
    };
    return guard<BulkUnitWrite>({
      async stage(units, refs) {
        ensureOpen();
        if (sinkError) throw sinkError;
        const repeats: StagedRepeat[] = [];
        const rows: string[] = [];
        units.forEach((u, index) => {
          const key = identityKey(u);
          const first = firstRefs.get(key);
          if (first !== undefined) repeats.push({ index, firstRef: first });
          else {
            firstRefs.set(key, refs?.[index] ?? staged + index + 1);
            rows.push(copyRow(u));
          }
        });
        staged += units.length;
        if (rows.length === 0) return repeats;
        sink ??= conn.unsafe(`COPY ${table} (${cols}) FROM STDIN`).writable().then((w) => {
          w.on('error', (err: unknown) => { sinkError ??= err; });
          return w;
        });
        const w = await sink;
        if (!w.write(rows.join(''))) await once(w, 'drain');
        return repeats;
      },
      async preview() {
        ensureOpen();
        await endCopy();
        const [row] = await conn.unsafe<{ total: number; existing: number }[]>(`SELECT count(*)::int AS total, count(u.id)::int AS existing
          FROM ${table} s LEFT JOIN units u ON u.memory_id = $1 AND u.source_lang = s.source_lang AND u.target_lang = s.target_lang
          AND u.source_digest = s.sd AND u.target_digest = s.td`, [memory]);
        const { total, existing } = row ?? { total: 0, existing: 0 };
        return { created: total - existing, updated: existing };
      },
      commit: async () => {
        ensureOpen();
        try {
          await endCopy();
          return await this.db.write(async (tx) => {
            await tx.unsafe(`SET LOCAL work_mem = '${COMMIT_WORK_MEM}'`);
            await lockMemory(tx, memory);
            const now = new Date().toISOString();
            for (let attempt = 1; ; attempt++) {
              await tx.unsafe('SAVEPOINT bulk_apply');
              try {
                const applied = await applyStage(tx, table, [memory, actor, now]);
                await tx.unsafe('RELEASE SAVEPOINT bulk_apply');
                return applied;
              } catch (err) {
                // A twin another writer committed while the insert ran: apply again, updating it this time.
                if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION || attempt >= TWIN_RETRIES) throw err;
                await tx.unsafe('ROLLBACK TO SAVEPOINT bulk_apply');
              }
            }
          }, conn);
        } finally {
          await release();
        }
      },
      async abort() {
        await endCopy().catch(() => undefined);
        await release();
      },
    });
  }
}

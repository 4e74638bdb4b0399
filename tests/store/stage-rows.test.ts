/**
 * The stage's rows (stage-rows.ts): repeats are found by a short identity key verified against
 * the full text, so keys that collide (here every key is the same) neither merge different units
 * nor hide a repeat, and a writer that takes over a stage keys the rows staged before it.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROWS_PER_INSERT, stageTableSql, stageWriter } from '../../src/store/sqlite/stage-rows.js';
import { identityKey } from '../../src/store/sqlite/unit-identity.js';

const unit = (source: string, target: string, targetLang = 'en') => ({ sourceLang: 'zh-CN', targetLang, source, target });

function stage(): Database.Database {
  const db = new Database(':memory:');
  db.exec(stageTableSql('bulk'));
  return db;
}

/** Stages units of `sources` (target `T`) through `stageOf`. */
function write(stageOf: ReturnType<typeof stageWriter>, sources: string[]) {
  return stageOf(sources.map((s) => unit(s, 'T')));
}

describe('the stage rows', () => {
  it('with colliding keys stage every distinct unit and report every repeat with its first ref', () => {
    const db = stage();
    const write = stageWriter(db, 'bulk', 0, () => 42);
    expect(write([unit('一。', 'One.'), unit('二。', 'Two.'), unit('一。', 'One.', 'ru'), unit('一。', 'One!')])).toEqual([]);
    expect(write([unit('二。', 'Two.'), unit('一。', 'One!'), unit('三。', 'Three.'), unit('一。', 'One.', 'ru')], [10, 11, 12, 13]))
      .toEqual([{ index: 0, firstRef: 2 }, { index: 1, firstRef: 4 }, { index: 3, firstRef: 3 }]);
    expect(db.prepare('SELECT source, target, target_lang AS t, ref FROM bulk ORDER BY rowid').all()).toEqual([
      { source: '一。', target: 'One.', t: 'en', ref: 1 }, { source: '二。', target: 'Two.', t: 'en', ref: 2 },
      { source: '一。', target: 'One.', t: 'ru', ref: 3 }, { source: '一。', target: 'One!', t: 'en', ref: 4 },
      { source: '三。', target: 'Three.', t: 'en', ref: 12 },
    ]);
  });

  it('writes rows several to a statement in staging order, and finds repeats among rows not yet written and across statements', () => {
    // Batches longer than a statement's rows, repeats of rows in the same statement, the one
    // before and an earlier batch, and keys colliding in threes (the key is the text's length).
    const texts = Array.from({ length: 3 * ROWS_PER_INSERT + 5 }, (_, i) => `${'句'.repeat(1 + (i % 3))}${i}`);
    const batch = (from: number, to: number, repeatOf: (i: number) => number | undefined) =>
      Array.from({ length: to - from }, (_, k) => from + k).map((i) => texts[repeatOf(i) ?? i] as string);
    const first = batch(0, 2 * ROWS_PER_INSERT + 3, (i) => (i % 7 === 6 ? i - 1 : i % 11 === 10 && i >= ROWS_PER_INSERT ? i - ROWS_PER_INSERT : undefined));
    const second = batch(2 * ROWS_PER_INSERT + 3, texts.length, (i) => (i % 5 === 0 ? i - 2 * ROWS_PER_INSERT : undefined));
    for (const keyOf of [identityKey, (u: { source: string }) => u.source.length]) {
      const db = stage();
      const write = stageWriter(db, 'bulk', 0, keyOf);
      // What a plain scan finds: the first unit of each text, and every later one a repeat of it.
      const firstRef = new Map<string, number>();
      const expected = (sources: string[], refs: number[]) => sources.flatMap((s, index) => {
        const had = firstRef.get(s);
        if (had === undefined) firstRef.set(s, refs[index] as number);
        return had === undefined ? [] : [{ index, firstRef: had }];
      });
      const refs1 = first.map((_, k) => k + 1);
      const refs2 = second.map((_, k) => 1_000 + k);
      const want1 = expected(first, refs1);
      const want2 = expected(second, refs2);
      expect(write(first.map((s) => unit(s, 'T')), refs1)).toEqual(want1);
      expect(write(second.map((s) => unit(s, 'T')), refs2)).toEqual(want2);
      // The batches hold every kind of repeat, whatever ROWS_PER_INSERT is: of a row in the same
      // statement, of one in an earlier statement, and of a row of the batch before.
      const sameStatement = (r: { index: number; firstRef: number }) => Math.floor(r.index / ROWS_PER_INSERT) === Math.floor((r.firstRef - 1) / ROWS_PER_INSERT);
      expect(want1.some(sameStatement)).toBe(true);
      expect(want1.some((r) => !sameStatement(r))).toBe(true);
      expect(want2.some((r) => r.firstRef <= first.length)).toBe(true);
      expect(db.prepare('SELECT rowid AS id, source, ref FROM bulk ORDER BY rowid').all())
        .toEqual([...firstRef].map(([source, ref], k) => ({ id: k + 1, source, ref })));
    }
  });

  it('writes a batch with repeats and a tail in full statements and powers of two, not a statement a row', () => {
    // 100 units, every third a repeat of the unit before it: 67 rows, some of them waiting when
    // a repeat of them comes. Before, each repeat wrote the rows waiting one a statement.
    for (const keyOf of [identityKey, () => 42]) {
      const db = stage();
      let inserts = 0;
      const counted = new Proxy(db, {
        get(target, name) {
          if (name !== 'prepare') return Reflect.get(target, name, target) as unknown;
          return (sql: string) => {
            const statement = target.prepare(sql);
            if (!sql.startsWith('INSERT')) return statement;
            return new Proxy(statement, {
              get(st, key) {
                if (key !== 'run') return Reflect.get(st, key, st) as unknown;
                return (...args: unknown[]) => {
                  inserts++;
                  return st.run(...(args as [unknown[]]));
                };
              },
            });
          };
        },
      });
      const sources = Array.from({ length: 100 }, (_, i) => `句${i % 3 === 2 ? i - 1 : i}`);
      const repeats = write(stageWriter(counted, 'bulk', 0, keyOf), sources);
      expect(repeats).toEqual(sources.flatMap((_, i) => (i % 3 === 2 ? [{ index: i, firstRef: i }] : [])));
      const rows = 100 - repeats.length;
      // Full statements, then the tail as the powers of two that sum to it.
      let tail = rows % ROWS_PER_INSERT;
      let statements = Math.floor(rows / ROWS_PER_INSERT);
      for (; tail > 0; tail &= tail - 1) statements++;
      expect(inserts).toBe(statements);
      expect(db.prepare('SELECT source, ref FROM bulk ORDER BY rowid').all()).toEqual(
        sources.flatMap((source, i) => (i % 3 === 2 ? [] : [{ source, ref: i + 1 }])));
    }
  });

  it('taking over a stage, keys the rows already in it (colliding or not)', () => {
    for (const keyOf of [identityKey, () => 7]) {
      const db = stage();
      stageWriter(db, 'bulk', 0, keyOf)([unit('一。', 'One.'), unit('二。', 'Two.')]);
      const next = stageWriter(db, 'bulk', 2, keyOf);
      expect(next([unit('三。', 'Three.'), unit('二。', 'Two.'), unit('一。', 'One.')])).toEqual([{ index: 1, firstRef: 2 }, { index: 2, firstRef: 1 }]);
      expect((db.prepare('SELECT count(*) AS n FROM bulk').get() as { n: number }).n).toBe(3);
    }
  });

  it('keys an identity by the first 6 bytes of its MD5, a signed little-endian integer, as stored databases hold them', () => {
    // Pinned: a data directory written by any earlier version holds these keys.
    expect(identityKey(unit('一。', 'One.'))).toBe(92484552380348);
    expect(identityKey(unit('中国—中亚峰会', 'China–Central Asia Summit'))).toBe(67892526501777);
    expect(identityKey({ sourceLang: 'en', targetLang: 'ru', source: '𠀀', target: 'x' })).toBe(47969850268261);
    expect(identityKey(unit('句0', 'S0'))).toBe(-3695713923510);
    for (let i = 0; i < 2_000; i++) {
      const u = unit(`句${i}${'𠀀'.repeat(i % 3)}`, `S${i}`);
      const bytes = createHash('md5').update(`${u.sourceLang}\u0000${u.targetLang}\u0000${u.source}\u0000${u.target}`).digest();
      expect(identityKey(u)).toBe(bytes.readIntLE(0, 6));
    }
  });

  it('keys identities apart by every part of the identity', () => {
    const keys = [unit('一。', 'One.'), unit('一。', 'One.', 'ru'), unit('一。', 'One!'), unit('一', '。One.'), { ...unit('一。', 'One.'), sourceLang: 'zh-TW' }].map(identityKey);
    expect(new Set(keys).size).toBe(5);
  });
});

/**
 * The stage's rows (stage-rows.ts): repeats are found by a short identity key verified against
 * the full text, so keys that collide (here every key is the same) neither merge different units
 * nor hide a repeat, and a writer that takes over a stage keys the rows staged before it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { stageTableSql, stageWriter } from '../../src/store/sqlite/stage-rows.js';
import { identityKey } from '../../src/store/sqlite/unit-identity.js';

const unit = (source: string, target: string, targetLang = 'en') => ({ sourceLang: 'zh-CN', targetLang, source, target });

function stage(): Database.Database {
  const db = new Database(':memory:');
  db.exec(stageTableSql('bulk'));
  return db;
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

  it('taking over a stage, keys the rows already in it (colliding or not)', () => {
    for (const keyOf of [identityKey, () => 7]) {
      const db = stage();
      stageWriter(db, 'bulk', 0, keyOf)([unit('一。', 'One.'), unit('二。', 'Two.')]);
      const next = stageWriter(db, 'bulk', 2, keyOf);
      expect(next([unit('三。', 'Three.'), unit('二。', 'Two.'), unit('一。', 'One.')])).toEqual([{ index: 1, firstRef: 2 }, { index: 2, firstRef: 1 }]);
      expect((db.prepare('SELECT count(*) AS n FROM bulk').get() as { n: number }).n).toBe(3);
    }
  });

  it('keys identities apart by every part of the identity', () => {
    const keys = [unit('一。', 'One.'), unit('一。', 'One.', 'ru'), unit('一。', 'One!'), unit('一', '。One.'), { ...unit('一。', 'One.'), sourceLang: 'zh-TW' }].map(identityKey);
    expect(new Set(keys).size).toBe(5);
  });
});

/**
 * A unit's identity in SQLite (memory, source language, target language, source, target) found
 * by a short key: `units.identity` holds a 48-bit hash of (pair, source, target) that the store
 * writes with every row, indexed with the memory (`units_identity_key`). Every lookup by identity
 * compares the full texts of the rows with that key, so two different units whose keys collide
 * are both stored, both found, and never merged; a collision costs one more row read.
 *
 * Why (issue 12, profile of a 1M-unit import's commit): the identity used to be a UNIQUE index
 * on the full texts, which held every text a second time (the database 825 MB at 1M units, half
 * of it that index) and which the upsert walked and wrote at random places far past its page
 * cache; the commit also sorted the stage into that index's order first (8.8 s of 28.8 s at 1M,
 * load 6). The key index is ~20 bytes a row: a million fit in the commit's page cache, so its
 * inserts are cheap in any order and the stage is written in staging order, unsorted.
 *
 * Uniqueness is the store's rule now, not the schema's: each write that can create or change an
 * identity looks it up first, in the same transaction (sqlite-tm.ts, sqlite-tm-bulk.ts).
 *
 * 48 bits because SQLite stores an integer of that range in 6 bytes and a JavaScript number
 * holds it exactly; signed, so that half of them does not need 8. At 1M units of one memory two
 * keys collide with a probability of about 0.2%, and a collision is handled exactly anyway.
 */
import { hash } from 'node:crypto';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { SqliteDb } from './database.js';

/** A unit's identity within its memory. */
export type Identity = Pick<NewUnit, 'sourceLang' | 'targetLang' | 'source' | 'target'>;

/** A function giving an identity's key (a test passes one that collides). */
export type KeyOf = (u: Identity) => number;

/** The index of `units` on (memory_id, identity), named in every identity lookup (`INDEXED BY`). */
export const IDENTITY_INDEX = 'units_identity_key';

/** The SQL function the migration to the key computes existing rows' keys with. */
export const IDENTITY_FUNCTION = 'caravan_identity';

/** The three bytes of a 24-bit number in the other order. */
function swap24(x: number): number {
  return ((x & 0xff) << 16) | (x & 0xff00) | (x >>> 16);
}

/**
 * The short key of an identity: the first 6 bytes of its MD5 read as a signed little-endian
 * 48-bit integer (`Buffer.readIntLE(0, 6)`). Read from the hex digest: a Buffer per key made the
 * hash 1.7-2.0 µs against 1.2 µs (issue 12: the hash was a fifth of the stage worker's time).
 */
export function identityKey(u: Identity): number {
  const hex = hash('md5', `${u.sourceLang}\u0000${u.targetLang}\u0000${u.source}\u0000${u.target}`, 'hex');
  // Bytes 0-2 are the low 24 bits, bytes 3-5 the high 24 bits (the top one signed).
  const low = swap24(parseInt(hex.slice(0, 6), 16));
  const high = swap24(parseInt(hex.slice(6, 12), 16));
  return (high >= 0x800000 ? high - 0x1000000 : high) * 0x1000000 + low;
}

/**
 * The condition that row alias `u` of `units` has the identity of row alias `s` (a table with
 * the same text columns and `identity`) within memory `?`: the key, then every text compared.
 */
export function sameIdentity(u: string, s: string): string {
  return `${u}.memory_id = ? AND ${u}.identity = ${s}.identity AND ${u}.source = ${s}.source AND ${u}.target = ${s}.target
    AND ${u}.source_lang = ${s}.source_lang AND ${u}.target_lang = ${s}.target_lang`;
}

/** Registers {@link IDENTITY_FUNCTION} on `db` (for the migration that fills the column). */
export function registerIdentityFunction(db: SqliteDb, keyOf: KeyOf = identityKey): void {
  db.function(IDENTITY_FUNCTION, { deterministic: true }, (sourceLang, targetLang, source, target) =>
    keyOf({ sourceLang: String(sourceLang), targetLang: String(targetLang), source: String(source), target: String(target) }));
}

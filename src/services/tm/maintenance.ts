/**
 * TM maintenance (issue 10 §5), scoped like every read and write: units found by a filter
 * (memories, pair, text in the source or target as concordance folds it, origin document,
 * author, date ranges, usage), page by page or all at once (TMX export); bulk delete; search
 * and replace in targets; merging duplicates within a memory.
 *
 * Every destructive operation is two requests: a preview that counts (or lists) what would
 * change and returns a token, then the same request with that token. The token is a hash of
 * the operation, its parameters and exactly what the preview found, recomputed when it is
 * presented: if anything matched by the filter changed in between, the token is stale (409)
 * and nothing is done. So what is deleted or replaced is what the user saw, without the server
 * keeping state between the two requests (any node can answer the second).
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../domain/auth/roles.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { canonicalizeLanguageTag } from '../../domain/text/language-tag.js';
import { concordanceTexts } from '../../domain/tm/concordance.js';
import { compileRule, type ReplaceRule, replaceInTarget } from '../../domain/tm/replace.js';
import { keyModeOf } from '../../domain/tm/scoring/matcher.js';
import type { UnitRecord } from '../../domain/tm/unit.js';
import type { MergeGroup, TargetChange, TmReader, UnitQuery } from '../../store/types.js';
import { requireTag } from '../languages.js';
import type { MemoryService } from './memories.js';
import type { TmService } from './tm.js';

/** Units read per page while a whole filter is walked. */
const WALK_PAGE = 1000;
/** Most changes a replace preview lists (and so may apply at once). */
export const MAX_REPLACE_CHANGES = 10_000;

/** A filter as a request states it: the store's query fields, with text to find in source or target. */
export type UnitFilterInput = Omit<UnitQuery, 'ids' | 'afterId' | 'limit' | 'memories'> & {
  memories?: string[];
  source?: string;
  target?: string;
};

/** A filter resolved for a caller: the memories it may use, canonical tags, valid dates. */
export interface UnitFilter extends Omit<UnitQuery, 'ids' | 'afterId' | 'limit'> {
  memories: string[];
  source?: string;
  target?: string;
}

/** One change a replace would make. */
export interface ReplaceChange {
  unitId: number;
  memory: string;
  source: string;
  before: string;
  after: string;
}

/** A change as the replace collects it: with the unit's pair and the store's form of the change. */
interface PendingChange extends ReplaceChange {
  pair: [string, string];
  change: TargetChange;
}

/** A unit a replace leaves alone, and why. */
export interface ReplaceSkip {
  unitId: number;
  reason: string;
}

function token(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
}

/** 409 unless `given` is the preview's token; `what` names what changed since the preview. */
function checkToken(given: string, expected: string, what = 'what the filter matches'): void {
  if (given !== expected) {
    throw new ConflictError(`the token is stale: ${what} has changed since the preview; preview again and check the result`, { reason: 'stale-token' });
  }
}

function isoTime(path: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new ValidationError(`${path.slice(1)}: not a date`, [{ path, message: 'must be an ISO 8601 date or date-time' }]);
  return new Date(ms).toISOString();
}

/** Finding, deleting, replacing and merging units by filter. */
export class TmMaintenance {
  constructor(private readonly tm: TmService, private readonly store: TmReader, private readonly memories: MemoryService) {}

  /** The filter for a caller: memories readable (or, for `write`, writable too), tags canonical, dates checked. */
  async resolve(by: Principal, input: UnitFilterInput, purpose: 'read' | 'write'): Promise<UnitFilter> {
    const read = await this.memories.readable(by, input.memories?.map((id) => ({ id })), '/filter/memories');
    if (purpose === 'write') for (const m of read) await this.memories.writable(by, m.id);
    const out: UnitFilter = { memories: read.map((m) => m.id) };
    if (input.sourceLang) out.sourceLang = requireTag('sourceLang', input.sourceLang).tag;
    if (input.targetLang) out.targetLang = requireTag('targetLang', input.targetLang).tag;
    for (const f of ['source', 'target', 'originDocument', 'author'] as const) if (input[f] !== undefined && input[f] !== '') out[f] = input[f];
    for (const f of ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const) {
      const v = isoTime(`/filter/${f}`, input[f]);
      if (v) out[f] = v;
    }
    if (input.minUsage !== undefined) out.minUsage = input.minUsage;
    if (input.maxUsage !== undefined) out.maxUsage = input.maxUsage;
    return out;
  }

  /** The store query of a filter; texts are looked up in the index (ids ascending), the rest in the store. */
  private async query(f: UnitFilter): Promise<Omit<UnitQuery, 'limit'>> {
    const { source, target, ...rest } = f;
    let ids: number[] | undefined;
    for (const [side, q] of [['source', source], ['target', target]] as const) {
      if (q === undefined) continue;
      const found = await this.tm.containing(f.memories, side, q);
      ids = ids === undefined ? found : intersect(ids, found);
    }
    return ids === undefined ? rest : { ...rest, ids };
  }

  /** A page of matching units in id order, after `cursor`. */
  async page(f: UnitFilter, cursor: string | undefined, limit: number): Promise<{ units: UnitRecord[]; nextCursor?: string }> {
    if (cursor !== undefined && !/^[1-9]\d{0,15}$/.test(cursor)) {
      throw new ValidationError('cursor: not a cursor from a previous page', [{ path: '/query/cursor', message: 'must be a cursor returned by a previous page' }]);
    }
    const units = await this.store.listUnits({ ...(await this.query(f)), ...(cursor ? { afterId: Number(cursor) } : {}), limit });
    const last = units[units.length - 1];
    return units.length === limit && last ? { units, nextCursor: String(last.id) } : { units };
  }

  /** Every matching unit, a page at a time (exports and previews). */
  async *walk(f: UnitFilter): AsyncGenerator<UnitRecord[]> {
    const q = await this.query(f);
    for (let afterId = 0; ;) {
      const units = await this.store.listUnits({ ...q, afterId, limit: WALK_PAGE });
      if (units.length) yield units;
      if (units.length < WALK_PAGE) return;
      afterId = (units[units.length - 1] as UnitRecord).id;
    }
  }

  private async ids(f: UnitFilter): Promise<number[]> {
    const out: number[] = [];
    for await (const page of this.walk(f)) for (const u of page) out.push(u.id);
    return out;
  }

  /** Bulk delete: without `given`, a preview (count and token); with the preview's token, the delete. */
  async delete(f: UnitFilter, given?: string): Promise<{ count: number; token: string } | { deleted: number }> {
    const ids = await this.ids(f);
    const expected = token(['delete', f, ids]);
    if (given === undefined) return { count: ids.length, token: expected };
    checkToken(given, expected);
    return { deleted: await this.tm.deleteMany(ids) };
  }

  /** Search and replace in targets: without `given`, every change listed (and the units left alone); with the token, applied. */
  async replace(f: UnitFilter, rule: ReplaceRule, by: Principal, given?: string): Promise<{ changes: ReplaceChange[]; skipped: ReplaceSkip[]; token: string } | { changed: number }> {
    const re = compileRule(rule);
    const changes: PendingChange[] = [];
    const skipped: ReplaceSkip[] = [];
    for await (const page of this.walk(f)) {
      for (const u of page) {
        const r = replaceInTarget(u.target, u.targetCodes ?? [], re, rule.replacement, rule.regex);
        if (!r) continue;
        if ('skipped' in r) { skipped.push({ unitId: u.id, reason: r.skipped }); continue; }
        if (changes.length === MAX_REPLACE_CHANGES) {
          throw new ValidationError(`the replace would change more than ${MAX_REPLACE_CHANGES} units; narrow the filter`, [{ path: '/filter', message: `matches more than ${MAX_REPLACE_CHANGES} changes` }]);
        }
        changes.push({ unitId: u.id, memory: u.memory, source: u.source, before: u.target, after: r.target, pair: [u.sourceLang, u.targetLang],
          change: { id: u.id, target: r.target, ...(r.targetCodes.length ? { targetCodes: r.targetCodes } : {}) } });
      }
    }
    await this.skipDuplicates(changes, skipped);
    const listed = changes.map(({ change: _c, pair: _p, ...c }) => c);
    const expected = token(['replace', f, rule, listed, skipped]);
    if (given === undefined) return { changes: listed, skipped, token: expected };
    checkToken(given, expected);
    return { changed: await this.tm.updateTargets(changes.map((c) => c.change), by.name) };
  }

  /** A change that would give a unit the same source and target as another unit of its memory is skipped, naming that unit. */
  private async skipDuplicates(changes: PendingChange[], skipped: ReplaceSkip[]): Promise<void> {
    const claimed = new Map<string, number>();
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i] as PendingChange;
      const key = JSON.stringify([c.memory, c.pair, c.source, c.after]);
      const [sourceLang, targetLang] = c.pair as [string, string];
      const twin = claimed.get(key) ?? (await this.store.findIdentical(c.memory, { sourceLang, targetLang, source: c.source, target: c.after }));
      if (twin !== undefined) {
        skipped.push({ unitId: c.unitId, reason: `unit ${twin} of memory "${c.memory}" already has this source and target` });
        changes.splice(i--, 1);
      } else claimed.set(key, c.unitId);
    }
  }

  /**
   * Duplicates in one memory: units with the same source key (folded as matching folds it,
   * numbers kept) and the same target. The newest of each group is kept and gets the uses of
   * all (their usage counts, plus one for each duplicate, which was the same translation written
   * again). Without `given`, the groups and a token; with the token, merged.
   */
  async mergeDuplicates(memory: string, by: Principal, given?: string): Promise<{ groups: MergeGroup[]; units: number; token: string } | { merged: number }> {
    const groups = new Map<string, UnitRecord[]>();
    for await (const page of this.walk({ memories: [memory] })) {
      for (const u of page) {
        const tag = canonicalizeLanguageTag(u.sourceLang);
        const key = JSON.stringify([tag.language, u.targetLang, concordanceTexts(u.source, keyModeOf(tag)).join('\u0000'), u.target]);
        groups.set(key, [...(groups.get(key) ?? []), u]);
      }
    }
    const merges: MergeGroup[] = [];
    for (const units of groups.values()) {
      if (units.length < 2) continue;
      const [keep, ...rest] = units.sort((a, b) => (a.updatedAt === b.updatedAt ? b.id - a.id : a.updatedAt < b.updatedAt ? 1 : -1)) as [UnitRecord, ...UnitRecord[]];
      merges.push({ keep: keep.id, remove: rest.map((u) => u.id).sort((a, b) => a - b), usageCount: units.reduce((s, u) => s + u.usageCount, 0) + rest.length });
    }
    merges.sort((a, b) => a.keep - b.keep);
    const expected = token(['merge', memory, merges]);
    if (given === undefined) return { groups: merges, units: merges.reduce((s, g) => s + g.remove.length, 0), token: expected };
    checkToken(given, expected, 'the memory');
    return { merged: await this.tm.mergeUnits(merges, by.name) };
  }
}

/** The ids in both ascending lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) { out.push(a[i] as number); i++; j++; } else if ((a[i] as number) < (b[j] as number)) i++; else j++;
  }
  return out;
}

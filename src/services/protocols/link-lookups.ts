/**
 * The TM as the protocol routes see it (issue 15): lookups, language lists and writes for a key
 * that a translation tool presents. The key names the memories it reads (in priority order with
 * penalties, `LinkSettings.memories`; default every memory in scope) and the one it writes to.
 *
 * Client language codes are read with `readClientLanguage`; a code that is no language, or a
 * pair with the same language twice, finds nothing instead of failing, because every client
 * handles "nothing" and none handles an error in the middle of typing. Texts longer than
 * {@link MAX_PROTOCOL_TEXT} are cut there, as Weblate cuts what it sends, not refused.
 */
import { type Principal, roleAllows } from '../../domain/auth/roles.js';
import { ForbiddenError, ValidationError } from '../../domain/errors.js';
import { readClientLanguage } from '../../domain/text/client-langs.js';
import type { LanguageTag } from '../../domain/text/language-tag.js';
import type { TmMatch } from '../../domain/tm/scoring/matcher.js';
import type { ProtocolCaller } from '../keys.js';
import type { LookupService } from '../tm/lookup.js';
import type { MemoryService } from '../tm/memories.js';
import type { TmService } from '../tm/tm.js';

/**
 * Longest text looked up, in code points: Weblate's tmserver backend sends `text[:500]`
 * (weblate/machinery/tmserver.py), so a longer text is cut where Weblate would cut it.
 */
export const MAX_PROTOCOL_TEXT = 500;
/** Minimum score of a one-best suggestion (APy, LibreTranslate): Weblate's default threshold for machine suggestions. */
export const SUGGESTION_THRESHOLD = 75;

/** A language pair a caller's memories hold, as canonical tags. */
export interface TagPair {
  sourceLang: string;
  targetLang: string;
}

/** A client's pair of codes read as tags, or undefined when either is no language or both are the same. */
export function readClientPair(source: string, target: string): { source: LanguageTag; target: LanguageTag } | undefined {
  const s = readClientLanguage(source);
  const t = readClientLanguage(target);
  return s && t && s.tag !== t.tag ? { source: s, target: t } : undefined;
}

/** `text` cut to {@link MAX_PROTOCOL_TEXT} code points. */
export function cutText(text: string): string {
  const cps = Array.from(text);
  return cps.length > MAX_PROTOCOL_TEXT ? cps.slice(0, MAX_PROTOCOL_TEXT).join('') : text;
}

/** Lookups, pairs and writes for protocol callers. */
export class LinkLookups {
  constructor(private readonly tm: TmService, private readonly memories: MemoryService, private readonly lookup: LookupService) {}

  /** The memories a caller reads, in priority order. */
  private readable(caller: ProtocolCaller) {
    return this.memories.readable(caller.principal, caller.link.memories);
  }

  /** The language pairs of the caller's memories (tags as stored), in a stable order. */
  async pairs(caller: ProtocolCaller): Promise<TagPair[]> {
    const stats = await this.tm.stats((await this.readable(caller)).map((m) => m.id));
    return stats.pairs.map(({ sourceLang, targetLang }) => ({ sourceLang, targetLang }))
      .sort((a, b) => a.sourceLang.localeCompare(b.sourceLang) || a.targetLang.localeCompare(b.targetLang));
  }

  /** Matches for `text` at or above `threshold`, best first; none for unknown codes or a blank text. */
  async matches(caller: ProtocolCaller, source: string, target: string, text: string, opts: { threshold: number; limit: number }): Promise<TmMatch[]> {
    const pair = readClientPair(source, target);
    const query = cutText(text);
    if (!pair || query.trim() === '') return [];
    const result = await this.lookup.lookup({
      sourceLang: pair.source.tag, targetLang: pair.target.tag, source: query, threshold: opts.threshold, limit: opts.limit, terms: false,
      ...(caller.link.memories ? { memories: caller.link.memories } : {}),
    }, caller.principal);
    return result.matches;
  }

  /**
   * Writes a unit to the caller's write memory (tmserver `PUT`/`POST .../unit/...`). A key without
   * a write memory, or whose role cannot write, is a 403; a read-only memory too.
   */
  async write(caller: ProtocolCaller, source: string, target: string, unit: { source: string; target: string }): Promise<void> {
    const by: Principal = caller.principal;
    const memory = caller.link.writeMemory;
    if (memory === undefined) throw new ForbiddenError(`the key "${by.name}" has no write memory; create a link key with "writeMemory" to write through this protocol`);
    if (!roleAllows(by.role, 'translator')) throw new ForbiddenError(`writing needs the translator role; the key "${by.name}" has ${by.role}`);
    const pair = readClientPair(source, target);
    if (!pair) {
      throw new ValidationError(`"${source}" to "${target}" is not a language pair`, [{ path: '/params/source', message: 'must be two different language codes' }]);
    }
    await this.tm.addUnits(await this.memories.writable(by, memory), { sourceLang: pair.source.tag, targetLang: pair.target.tag, source: unit.source, target: unit.target }, by);
  }
}

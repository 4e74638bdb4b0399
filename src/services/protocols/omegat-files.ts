/**
 * Files for OmegaT team projects (issue 15): each memory as TMX, each glossary as TBX v2 and as
 * OmegaT's tab-separated text, each with a strong entity tag.
 *
 * OmegaT maps remote files into a project with `<repository type="http" url="...">` and
 * `<mapping local="tm/..." repository="memories/x.tmx"/>`; on load and on every sync it GETs
 * `url + repository`, sending `If-None-Match` with the ETag it stored in `.repositories/.../.etags`,
 * keeps its copy on 304, and takes the body and the new ETag on 200; 401, 403 and 404 stop the sync
 * with a message naming the URL (HTTPRemoteRepository.retrieve, omegat-org/omegat@ba59a847).
 * OmegaT 4 and later; the 3.6 on Debian has no HTTP repositories.
 *
 * Entity tags are strong: the same tag means the same bytes. A memory's TMX is identified by the
 * memory's content version (a revision counted in the transaction of every write to its units,
 * and its creation time, so a re-created memory of the same id gets new tags) and the writer's
 * version; its header dates the content (the last write), not the request. So a 304 costs one
 * row read, however large the memory. Glossary files are small: they are built and hashed.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../domain/auth/roles.js';
import { requireCollectionId } from '../../domain/collections.js';
import { NotFoundError } from '../../domain/errors.js';
import { canonicalizeLanguageTag } from '../../domain/text/language-tag.js';
import { writeOmegatGlossary } from '../../formats/omegat-glossary.js';
import { FORMATS } from '../../formats/registry.js';
import type { MemoryStore } from '../../store/types.js';
import { VERSION } from '../../version.js';
import type { TmxExchangeService } from '../exchange/tmx-exchange.js';
import { exportGlossary } from '../glossary/glossary-exchange.js';
import type { GlossaryService } from '../glossary/glossary.js';
import type { TmMaintenance } from '../tm/maintenance.js';
import type { MemoryService } from '../tm/memories.js';
import type { TmService } from '../tm/tm.js';

/** A file to serve: its strong entity tag, media type and content (built only when it is sent). */
export interface ServedFile {
  etag: string;
  mediaType: string;
  chunks: () => AsyncIterable<string> | Iterable<string>;
}

/** The glossary files OmegaT reads: TBX v2 (`.tbx`, every language) or tab-separated (`.txt`, optionally one target language). */
export type GlossaryFileFormat = { format: 'tbx' } | { format: 'txt'; targetLang?: string };

function tag(...parts: string[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32)}"`;
}

/** Memories and glossaries as files with entity tags. */
export class OmegatFiles {
  constructor(
    private readonly memories: MemoryService,
    private readonly versions: Pick<MemoryStore, 'contentVersion'>,
    private readonly tm: TmService,
    private readonly tmx: TmxExchangeService,
    private readonly units: Pick<TmMaintenance, 'walk'>,
    private readonly glossary: GlossaryService,
  ) {}

  /** Memory `id` as TMX 1.4b (404 when it does not exist or is outside the scope). */
  async memory(principal: Principal, id: string): Promise<ServedFile> {
    await this.memories.get(principal, id);
    const version = await this.versions.contentVersion(id);
    if (!version) throw new NotFoundError('memory', id);
    return {
      etag: tag('tmx', VERSION, id, version.createdAt, String(version.revision)),
      mediaType: `${FORMATS.tmx.mediaType}; charset=utf-8`,
      chunks: () => this.tmxChunks(id, version.lastWrite ?? version.createdAt),
    };
  }

  /**
   * The TMX of memory `id`. The languages are counted only here, when the file is sent: the
   * count reads every unit of the memory, which a 304 must not (measured: 9 ms per 304 at 10k
   * units with the count, growing with the memory).
   */
  private async *tmxChunks(id: string, at: string): AsyncGenerator<string> {
    // One source language (the usual case) goes into the header; OmegaT and translate-toolkit read it.
    const sources = new Set((await this.tm.stats([id])).pairs.map((p) => p.sourceLang));
    yield* this.tmx.exportTmx(this.units.walk({ memories: [id] }), sources.size === 1 ? [...sources][0] : undefined, at);
  }

  /** Glossary `id` as a file OmegaT reads. */
  async glossaryFile(principal: Principal, id: string, file: GlossaryFileFormat): Promise<ServedFile> {
    requireCollectionId(id, '/params/id');
    const { glossary, entries, changedAt } = await this.glossary.snapshot(principal, id);
    const text = file.format === 'tbx'
      ? [...exportGlossary(entries, { format: 'tbx-v2' }, { name: glossary.id, title: glossary.name }, changedAt).chunks].join('')
      : writeOmegatGlossary(entries, file.targetLang === undefined ? undefined : [canonicalizeLanguageTag(file.targetLang).tag]);
    return {
      etag: tag(file.format, text),
      mediaType: `${file.format === 'tbx' ? FORMATS['tbx-v2'].mediaType : FORMATS.text.mediaType}; charset=utf-8`,
      chunks: () => [text],
    };
  }
}

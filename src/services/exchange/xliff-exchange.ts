/**
 * XLIFF in and out of documents: a document from an XLIFF file (1.0-1.2, sdlxliff, mqxliff,
 * 2.0-2.2), a document out as XLIFF 1.2 or 2.1 for a CAT tool with TM matches and terms in
 * it, and the translated file back into the document and the TM.
 *
 * Export fill rules (the issue's): a segment Caravan has a translation for keeps it; otherwise
 * the best TM proposal at or above `fill` becomes the target, as an unconfirmed draft with
 * `state="needs-review-translation"` and `state-qualifier` exact-match (100, 101) or
 * fuzzy-match, and `approved="yes"` only for a 101 in-context match; up to three proposals go
 * along as `alt-trans` / `mtc:match`. Every other unit gets a copy of the source with
 * `state="new"` (OmegaT 3.6 translates only what is inside `<target>`), or an empty target.
 *
 * Import back: each unit is matched to its segment by the ids the export wrote (else by its
 * source text); targets and states are updated; confirmed units (translated, reviewed, final,
 * or approved) go to the TM with their context and origin, into the document's write memory,
 * unless they break a limit every TM unit meets (domain/limits.ts): then `skipped` says so.
 *
 * Memories and glossaries come from the document's project settings unless the request names
 * them (documents.ts resolves both for the caller).
 *
 * One section (an article of a newspaper page) can be exported alone: its units keep the ids a
 * whole-document export gives them, so the translated file imports back into the document.
 *
 * Nothing meaningless is stored. A unit or segment without a `<source>` refuses the file (the
 * readers, 400). A translation whose own `xml:lang` contradicts the document's target language
 * refuses a new document (400 naming the unit) and is skipped, with the reason, on import back;
 * source-locale files take their target language from the request (xliff-languages.ts). A file
 * with a `<file>` and no unit (valid XLIFF; Phrase writes them) becomes an empty document,
 * rather than a 422: it exports, analyses and comes back like any other.
 */
import type { Principal } from '../../domain/auth/roles.js';
import type { MemoryRef } from '../../domain/collections.js';
import type { ProjectSettings } from '../../domain/document/document.js';
import type { DocumentRecord, SegmentRecord } from '../../domain/document/document.js';
import { isConfirmed } from '../../domain/document/state.js';
import { ValidationError } from '../../domain/errors.js';
import type { RichText } from '../../domain/inline.js';
import { quote, skipReason, unitProblems } from '../../domain/limits.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import { canonicalizeLanguageTag } from '../../domain/text/language-tag.js';
import { readXliffUpload } from '../../formats/registry.js';
import type { XliffMatch, XliffTerm, XliffUnit } from '../../formats/xliff-model.js';
import { writeXliff12 } from '../../formats/xliff12.js';
import { writeXliff2 } from '../../formats/xliff2.js';
import type { DocumentReader, DocumentWriter, SegmentUpdate } from '../../store/types.js';
import { type DocumentService, findSection } from '../documents.js';
import type { ReadMemory } from '../tm/memories.js';
import type { QaIssue } from '../../domain/termbase/qa.js';
import type { ExchangePorts, Proposal, RecognizedTerm } from './exchange-ports.js';
import { documentLanguages, foreignTarget, tagOf, unitLabel } from './xliff-languages.js';
import { type ExchangeData, type SegmentExport, exchangeData, exportKeys, pinUnitIds, segmentsFromXliff, xliffFromDocument } from './xliff-segments.js';

/** Default `fill`: the lowest score that pre-fills a target (Weblate's 75 for suggestions). */
export const DEFAULT_FILL = 75;
/** Proposals written per unit (the issue: up to three). */
export const MAX_PROPOSALS = 3;
/** Segments asked for proposals at once. */
const MATCH_BATCH = 100;
/** Segments read per page from the store. */
const PAGE = 1000;
/** Longest document name. */
const MAX_NAME_LENGTH = 200;
/** Term statuses that are never offered as translations. */
const UNWANTED_STATUSES = new Set(['deprecatedTerm', 'supersededTerm', 'forbidden', 'deprecated', 'superseded']);

/** Export options. */
export interface XliffExportOptions {
  version: '1.2' | '2.1';
  fill: number;
  untranslatedTarget: 'source' | 'empty';
  /** Memories to read instead of the document's (priority order, penalties). */
  memories?: MemoryRef[];
  /** Glossaries to take terms from instead of the document's. */
  glossaries?: string[];
  /** Called as TM proposals are gathered (segments done, segments to do), for progress bars. */
  progress?: (done: number, total: number) => void;
  /** Only this section of the document; 404 when the document has no such section. */
  section?: number;
}

/** The exported file. */
export interface XliffExport {
  filename: string;
  mediaType: string;
  chunks: Iterable<string>;
}

/** One unit left out of an import. */
export interface ImportSkip {
  unit: string;
  reason: string;
}

/** Term issues of one imported unit. */
export interface UnitQa {
  index: number;
  unit: string;
  issues: QaIssue[];
}

/** What an import back did. */
export interface XliffImportReport {
  updated: number;
  addedToTm: number;
  skipped: ImportSkip[];
  qa: UnitQa[];
}

/** Options for a document made from an XLIFF file. */
export interface XliffDocumentOptions {
  name?: string;
  sourceLang?: string;
  targetLang?: string;
  settings?: Partial<ProjectSettings>;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Source text compared across tools that reflow whitespace. */
function comparable(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Translations of a recognised term into `targetLang`: preferred first, deprecated ones left out. */
function translationsFor(t: RecognizedTerm, targetLang: string): string[] {
  const primary = targetLang.split('-')[0]?.toLowerCase();
  const list = t.translations[targetLang] ?? Object.entries(t.translations).find(([lang]) => lang.split('-')[0]?.toLowerCase() === primary)?.[1] ?? [];
  return list.filter((x) => !UNWANTED_STATUSES.has(x.status ?? ''))
    .sort((a, b) => Number(b.status === 'preferredTerm' || b.status === 'preferred') - Number(a.status === 'preferredTerm' || a.status === 'preferred'))
    .map((x) => x.term);
}

/** Exports documents as XLIFF, imports XLIFF as documents and back into documents and the TM. */
export class XliffExchangeService {
  constructor(private readonly documents: DocumentReader & DocumentWriter, private readonly projects: DocumentService, private readonly ports: ExchangePorts) {}

  private async allSegments(id: number): Promise<SegmentRecord[]> {
    const out: SegmentRecord[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.documents.listSegments(id, offset, PAGE);
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }

  /**
   * Creates a document from an XLIFF upload; languages from the file (target also from options;
   * see the module header for source-locale files). A file without units makes an empty document.
   */
  async createFromXliff(body: AsyncIterable<Uint8Array>, opts: XliffDocumentOptions, by: Principal): Promise<DocumentRecord> {
    const { file, source, target } = documentLanguages(await readXliffUpload(body), opts);
    const { segments, meta } = segmentsFromXliff(file);
    const settings = await this.projects.checkSettings(opts.settings, by);
    const name = (opts.name ?? baseName(file.files[0]?.original ?? '') ?? '').trim().slice(0, MAX_NAME_LENGTH) || 'document.xlf';
    return this.documents.createDocument({ name, sourceLang: source.tag, targetLang: target.tag, meta, settings }, segments, by.name);
  }

  /** The document (or one of its sections) as an XLIFF file with TM matches and terms. */
  async exportDocument(id: number, opts: XliffExportOptions, by: Principal): Promise<XliffExport> {
    const doc = await this.projects.get(id, by);
    const range = opts.section === undefined ? undefined : await findSection(this.documents, id, opts.section);
    const memories = await this.projects.readMemories(doc, by, opts.memories);
    const glossaries = this.projects.glossaries(doc, by, opts.glossaries);
    const segments = await this.allSegments(id);
    const inScope = (s: SegmentRecord): boolean => range === undefined || (s.index >= range.start && s.index <= range.end);
    const proposals = await this.proposalsFor(doc, segments.filter(inScope), segments, memories, opts.progress);
    const model = xliffFromDocument(doc, segments, (s) => this.decide(s, proposals.get(s.index)?.[0], opts));
    model.version = opts.version;
    if (range) pinUnitIds(model, opts.version);
    // Proposals and terms per unit, segment by segment; units outside the section are left out.
    let next = 0;
    const units: XliffUnit[] = [];
    for (const unit of model.units) {
      let wanted = false;
      for (const [k, seg] of unit.segments.entries()) {
        if (seg.ignorable) continue;
        const record = segments[next++] as SegmentRecord;
        if (!inScope(record)) continue;
        wanted = true;
        for (const p of (proposals.get(record.index) ?? []).slice(0, MAX_PROPOSALS)) {
          const match: XliffMatch = { score: p.score, matchType: p.matchType, source: p.source, target: p.target };
          if (p.origin !== undefined) match.origin = p.origin;
          if (seg.id !== undefined) match.segment = seg.id;
          unit.matches.push(match);
        }
        if (unit.translate && record.source.trim() !== '') {
          for (const t of await this.ports.terms.recognize(record.source, doc.sourceLang, glossaries)) {
            const term: XliffTerm = { text: t.text, start: t.start, end: t.end, segment: k, translations: translationsFor(t, doc.targetLang) };
            unit.terms.push(term);
          }
        }
      }
      if (wanted) units.push(unit);
    }
    model.units = units;
    const stem = doc.name.replace(/\.(txt|xlf|xliff|sdlxliff|mqxliff|html?|docx?)$/i, '') || 'document';
    return {
      filename: `${stem}${range ? `.section-${range.index}` : ''}.${doc.targetLang}.xlf`,
      mediaType: 'application/xliff+xml',
      chunks: opts.version === '1.2' ? writeXliff12(model) : writeXliff2(model),
    };
  }

  /** TM proposals for every untranslated, translatable segment of `scope`, by segment index (neighbours from `all`). */
  private async proposalsFor(doc: DocumentRecord, scope: readonly SegmentRecord[], all: readonly SegmentRecord[], memories: readonly ReadMemory[],
    progress?: (done: number, total: number) => void): Promise<Map<number, Proposal[]>> {
    const position = new Map(all.map((s, i) => [s.index, i]));
    const wanted = scope.map((s) => ({ s, i: position.get(s.index) ?? -1 })).filter(({ s }) => s.target === null && s.source.trim() !== '' && exchangeData(s).xliff?.translate !== false);
    const out = new Map<number, Proposal[]>();
    for (let at = 0; at < wanted.length; at += MATCH_BATCH) {
      const batch = wanted.slice(at, at + MATCH_BATCH);
      const queries = batch.map(({ s, i }) => {
        const q: { source: string; sourceCodes?: RichText['codes']; previous?: string; next?: string } = { source: s.source };
        const codes = exchangeData(s).sourceCodes;
        if (codes?.length) q.sourceCodes = codes;
        if (all[i - 1]) q.previous = (all[i - 1] as SegmentRecord).source;
        if (all[i + 1]) q.next = (all[i + 1] as SegmentRecord).source;
        return q;
      });
      const results = await this.ports.matches.proposals(queries, doc.sourceLang, doc.targetLang, MAX_PROPOSALS, memories);
      batch.forEach(({ s }, k) => {
        const list = [...(results[k] ?? [])].sort((a, b) => b.score - a.score);
        if (list.length) out.set(s.index, list);
      });
      progress?.(Math.min(at + MATCH_BATCH, wanted.length), wanted.length);
    }
    return out;
  }

  /** The target, state and qualifier a segment is exported with. */
  private decide(s: SegmentRecord, best: Proposal | undefined, opts: XliffExportOptions): SegmentExport {
    const data = exchangeData(s);
    if (s.target !== null && s.state !== 'new') return { target: { text: s.target, codes: data.targetCodes ?? [] }, state: s.state };
    if (best && best.score >= opts.fill) {
      const exact = best.score >= 100;
      const qualifier = opts.version === '1.2' ? (exact ? 'exact-match' : 'fuzzy-match') : (exact ? 'caravan:exact-match' : 'caravan:fuzzy-match');
      if (best.score >= 101 && opts.version === '2.1') return { target: best.target, state: 'translated' };
      const out: SegmentExport = { target: best.target, state: 'draft', qualifier };
      if (best.score >= 101) out.approved = true;
      return out;
    }
    const source: RichText = { text: s.source, codes: data.sourceCodes ?? [] };
    return { target: opts.untranslatedTarget === 'source' ? source : { text: '', codes: [] }, state: 'new' };
  }

  /** Takes a translated XLIFF file back into document `id` and the TM (the document's write memory, or `opts.memory`). */
  async importDocument(id: number, body: AsyncIterable<Uint8Array>, by: Principal, opts: { memory?: string; glossaries?: string[] } = {}): Promise<XliffImportReport> {
    const doc = await this.projects.get(id, by);
    const memory = await this.projects.writeMemory(doc, by, opts.memory);
    const glossaries = this.projects.glossaries(doc, by, opts.glossaries);
    const file = await readXliffUpload(body);
    const docTarget = canonicalizeLanguageTag(doc.targetLang);
    const fileSource = tagOf(file.sourceLang || doc.sourceLang, 'sourceLang');
    const fileTarget = file.targetLang ? tagOf(file.targetLang, 'targetLang') : doc.targetLang;
    if (fileSource !== doc.sourceLang || fileTarget !== doc.targetLang) {
      throw new ValidationError(`the file is ${fileSource} → ${fileTarget}, but document ${id} is ${doc.sourceLang} → ${doc.targetLang}`,
        [{ path: '/body', message: `languages ${fileSource} → ${fileTarget} do not match ${doc.sourceLang} → ${doc.targetLang}` }]);
    }
    const segments = await this.allSegments(id);
    const byIndex = new Map(segments.map((s, i) => [s.index, i]));
    const version = file.version.startsWith('1') ? '1.2' : '2.1';
    const model = xliffFromDocument(doc, segments, (s) => ({ state: s.state }));
    const keys = exportKeys(model, version, segments);

    const used = new Set<number>();
    const report: XliffImportReport = { updated: 0, addedToTm: 0, skipped: [], qa: [] };
    const updates: SegmentUpdate[] = [];
    const units: NewUnit[] = [];
    const sourceIndex = new Map<string, number[]>();
    for (const s of segments) sourceIndex.set(comparable(s.source), [...(sourceIndex.get(comparable(s.source)) ?? []), s.index]);

    for (const [n, u] of file.units.entries()) {
      const real = u.segments.filter((s) => !s.ignorable);
      for (const [k, seg] of real.entries()) {
        const label = quote(unitLabel(u, n, { id: seg.id, k, of: real.length }));
        const key = version === '1.2' ? `${u.file}\u0000${u.id}` : `${u.file}\u0000${u.id}\u0000${k}`;
        let index = u.id !== undefined ? keys.get(key) : undefined;
        const found = index === undefined ? undefined : segments[byIndex.get(index) ?? -1];
        if (index === undefined || used.has(index) || !found || comparable(found.source) !== comparable(seg.source.text)) {
          index = (sourceIndex.get(comparable(seg.source.text)) ?? []).find((i) => !used.has(i));
        }
        if (index === undefined) {
          report.skipped.push({ unit: label, reason: 'no segment of the document has this unit id or source text' });
          continue;
        }
        used.add(index);
        const at = byIndex.get(index) as number;
        const current = segments[at] as SegmentRecord;
        if (exchangeData(current).xliff?.translate === false || !u.translate) {
          report.skipped.push({ unit: label, reason: 'the unit is marked translate="no"' });
          continue;
        }
        const foreign = foreignTarget(seg, docTarget);
        if (foreign) {
          report.skipped.push({ unit: label, reason: foreign });
          continue;
        }
        const target = seg.state === 'new' || !seg.target ? null : seg.target.text;
        const data: ExchangeData = { ...exchangeData(current) };
        if (target !== null && seg.target?.codes.length) data.targetCodes = seg.target.codes;
        else delete data.targetCodes;
        if (target !== current.target || seg.state !== current.state) {
          const update: SegmentUpdate = { index, target, state: seg.state };
          if (current.data !== undefined || Object.keys(data).length) update.data = data as Record<string, unknown>;
          updates.push(update);
        }
        if (target !== null && this.ports.terms.check) {
          const issues = await this.ports.terms.check(current.source, target, doc.sourceLang, doc.targetLang, glossaries);
          if (issues.length) report.qa.push({ index, unit: label, issues });
        }
        if (target !== null && target.trim() !== '' && current.source.trim() !== '' && isConfirmed(seg.state)) {
          const unit: NewUnit = {
            sourceLang: doc.sourceLang, targetLang: doc.targetLang, source: current.source, target,
            context: { previous: segments[at - 1]?.source, next: segments[at + 1]?.source },
            origin: { document: doc.name, title: doc.meta.title, date: doc.meta.date },
          };
          const sourceCodes = exchangeData(current).sourceCodes;
          if (sourceCodes?.length) unit.sourceCodes = sourceCodes;
          if (data.targetCodes?.length) unit.targetCodes = data.targetCodes;
          // The limits every TM unit meets (domain/limits.ts): the segment is updated, the TM skips it.
          const problems = unitProblems(unit);
          if (problems.length) report.skipped.push({ unit: label, reason: `the segment is updated, but not added to the TM: ${skipReason(problems)}` });
          else units.push(unit);
        }
      }
    }
    report.updated = updates.length ? await this.documents.updateSegments(id, updates) : 0;
    const written = await this.ports.tm.addUnits(memory, units, by.name);
    report.addedToTm = written.created + written.updated;
    return report;
  }
}

/**
 * OmegaT's tab-separated glossary (issue 15): one line per term pair, `source<TAB>target<TAB>comment`,
 * lines starting with `#` ignored. Facts from OmegaT's reader (GlossaryReaderTSV.read and
 * getFileEncoding, omegat-org/omegat@ba59a847): every line is split on tabs and trimmed, the first
 * column must not be empty, a third column is the comment, and a `.txt` file is read in the
 * platform's encoding unless its first line is a magic comment naming one, so the file starts with
 * `# -*- coding: utf-8 -*-` (a Windows OmegaT would otherwise read the Chinese as mojibake).
 *
 * Caravan's own TSV (`formats/csv.ts`) is a concept-per-row exchange format with a header row and
 * a column per language; OmegaT would read its header as a term and its id column as the comment,
 * hence this writer. Each Chinese term of a concept (any status: the translator may meet any of
 * them in a source) gets a line per allowed target term, preferred first; the comment names the
 * target language, an admitted status, and the deprecated and forbidden terms to avoid.
 */
import type { TermEntry } from '../domain/termbase/entry.js';
import { primaryLanguage } from '../domain/termbase/recognizer.js';

/** OmegaT's magic comment: the encoding its TSV reader uses for the file. */
export const OMEGAT_TSV_ENCODING_LINE = '# -*- coding: utf-8 -*-';

/** A field as OmegaT can read it: tabs and line breaks would split it. */
function field(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ').trim();
}

/** The lines of one concept: each Chinese term with each allowed term of each other language. */
function conceptLines(entry: TermEntry, keep: (tag: string) => boolean): string[] {
  const sources = new Set<string>();
  const targets: { tag: string; term: string; comment: string }[] = [];
  for (const [tag, terms] of Object.entries(entry.languages)) {
    if (primaryLanguage(tag) === 'zh') {
      for (const t of terms) sources.add(field(t.term));
      continue;
    }
    if (!keep(tag)) continue;
    const avoid = terms.filter((t) => t.status === 'deprecated' || t.status === 'forbidden').map((t) => field(t.term));
    const allowed = terms.filter((t) => t.status === 'preferred').concat(terms.filter((t) => t.status === 'admitted'));
    for (const t of allowed) {
      const notes = [tag, ...(t.status === 'admitted' ? ['admitted'] : []), ...(avoid.length ? [`avoid: ${avoid.join(', ')}`] : [])];
      targets.push({ tag, term: field(t.term), comment: notes.join('; ') });
    }
  }
  const lines: string[] = [];
  for (const source of sources) for (const t of targets) if (source && t.term) lines.push(`${source}\t${t.term}\t${t.comment}`);
  return lines;
}

/**
 * The glossary as OmegaT reads it. `targetLangs` keeps the target languages whose tag equals or
 * starts with one of them (RFC 4647 basic filtering); all non-Chinese languages when absent.
 */
export function writeOmegatGlossary(entries: readonly TermEntry[], targetLangs?: readonly string[]): string {
  const keep = (tag: string) => targetLangs === undefined || targetLangs.some((r) => tag === r || tag.startsWith(`${r}-`));
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [OMEGAT_TSV_ENCODING_LINE, ...sorted.flatMap((e) => conceptLines(e, keep))].join('\n') + '\n';
}

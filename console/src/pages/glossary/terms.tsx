/** Term lists: statuses in order, a one-line summary, and the read-only view of a language section. */
import { PARTS_OF_SPEECH, TERM_STATUSES } from '../../../../src/domain/termbase/entry.js';
import type { Term } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

export { PARTS_OF_SPEECH, TERM_STATUSES };

/** The preferred (else first) term of a list. */
export function termLine(terms: readonly Term[]): string | undefined {
  return (terms.find((x) => x.status === 'preferred') ?? terms[0])?.term;
}

/** A language section's terms with status, part of speech, context and note. */
export function TermList({ lang, terms }: { lang: string; terms: readonly Term[] }) {
  const { t } = useT();
  return (
    <ul class="terms">
      {terms.map((term, i) => (
        <li key={i}>
          <span lang={lang} class="term">{term.term}</span>{' '}
          <span class={`badge status-${term.status}`}>{t(`status.${term.status}`)}</span>
          {term.partOfSpeech ? <span class="muted"> · {t(`pos.${term.partOfSpeech}`)}</span> : null}
          {term.context ? <blockquote lang={lang}>{term.context}</blockquote> : null}
          {term.note ? <p class="note">{term.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}

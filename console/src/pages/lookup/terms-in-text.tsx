/** A text with its recognised terms highlighted, and the terms' translations and glossaries listed beside it. */
import type { RecognizedTerm } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { MarkedText } from '../../ui/marked-text.js';

function translationsOf(term: RecognizedTerm): string {
  return Object.entries(term.translations).map(([lang, list]) => `${lang}: ${list.map((x) => x.term).join(' / ')}`).join('; ');
}

/** `text` with `terms` (code-point offsets) marked by status; `compact` leaves out the list. */
export function TermsInText({ text, lang, terms, compact }: { text: string; lang: string; terms: readonly RecognizedTerm[]; compact?: boolean }) {
  const { t } = useT();
  return (
    <div class="terms-in-text">
      <p class="source-text">
        <MarkedText text={text} lang={lang} ranges={terms.map((x) => ({ start: x.start, end: x.end, mark: x }))}
          render={(piece, term, i) => <mark key={i} class={`term-hit status-${term.status}`} title={translationsOf(term)}>{piece}</mark>} />
      </p>
      {compact ? null : (
        <table class="term-table">
          <caption>{t('terms.caption')}</caption>
          <thead><tr><th scope="col">{t('terms.term')}</th><th scope="col">{t('glossary.status')}</th><th scope="col">{t('terms.translations')}</th><th scope="col">{t('terms.glossary')}</th></tr></thead>
          <tbody>
            {terms.map((x, i) => (
              <tr key={i}>
                <td lang={lang}>{x.text}</td>
                <td>{t(`status.${x.status}`)}</td>
                <td>{Object.entries(x.translations).map(([l, list]) => <div key={l}><span class="muted">{l}</span> <span lang={l}>{list.map((y) => y.term).join(' / ')}</span></div>)}</td>
                <td><code>{x.glossary}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

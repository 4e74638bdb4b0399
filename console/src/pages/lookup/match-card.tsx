/**
 * One TM match: score and match type, the penalties that lowered it, the unit's source with
 * its differences from the query (`diff`: equal + delete spell the unit's source, equal +
 * insert the query), the target (with substituted numbers, and the stored one), the memory it
 * came from (a memory penalty is one of the penalties) and where the unit came from.
 */
import type { Match } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

/** The differences, as the unit's source with deletions and the query's insertions marked. */
function DiffText({ match }: { match: Match }) {
  const { t } = useT();
  return (
    <span lang={match.sourceLang} class="diff">
      {match.diff.map((op, i) => op.op === 'equal' ? op.text
        : op.op === 'delete' ? <del key={i} title={t('match.onlyInUnit')}>{op.text}</del>
          : <ins key={i} title={t('match.onlyInQuery')}>{op.text}</ins>)}
    </span>
  );
}

/** The match card. */
export function MatchCard({ match, memoryName }: { match: Match; memoryName?: string }) {
  const { t, date } = useT();
  const origin = [match.origin.title, match.origin.document, match.origin.date].filter(Boolean).join(' · ');
  return (
    <article class={`match match-${match.matchType}`} aria-label={t('match.label', { score: match.score, type: t(`matchType.${match.matchType}`) })}>
      <header>
        <span class="score">{match.score}%</span>
        <span class="badge">{t(`matchType.${match.matchType}`)}</span>
        {match.penalties.length ? (
          <ul class="penalties" aria-label={t('match.penalties')}>
            {match.penalties.map((p) => <li key={p.code}>{t(`penalty.${p.code}`)} −{p.points}</li>)}
          </ul>
        ) : null}
      </header>
      <dl>
        <dt>{t('match.source')}</dt>
        <dd><DiffText match={match} /></dd>
        <dt>{t('match.target')}</dt>
        <dd lang={match.targetLang}>{match.target}</dd>
        {match.targetOriginal !== undefined ? <><dt>{t('match.stored')}</dt><dd lang={match.targetLang} class="muted">{match.targetOriginal}</dd></> : null}
        <dt>{t('match.memory')}</dt>
        <dd>{memoryName ? `${memoryName} ` : ''}<code class="memory-id">{match.memory}</code> · {match.sourceLang} → {match.targetLang}{origin ? ` · ${origin}` : ''} · {t('match.updated', { at: date(match.updatedAt) })}</dd>
      </dl>
    </article>
  );
}

/**
 * The translation memory area, as two views: `#/tm` (statistics, TMX import and export) and
 * `#/tm/units` (maintenance: the units by filter, edit and delete, replace, copy, move and
 * delete by filter, merge duplicates).
 */
import type { Me } from '../../app.js';
import { useT } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { TmOverview } from './tm-page.js';
import { UnitsView } from './units-view.js';

const VIEWS = ['overview', 'units'] as const;

/** The TM area for the route's `rest`. */
export function TmArea({ me, rest }: { me: Me; rest: string[] }) {
  const { t } = useT();
  const current = VIEWS.find((v) => v === rest[0]) ?? 'overview';
  return (
    <div>
      <h1>{t('tm.title')}</h1>
      <nav class="tabs" aria-label={t('tm.views')}>
        {VIEWS.map((v) => <a key={v} href={v === 'overview' ? href('tm') : href('tm', v)} aria-current={v === current ? 'page' : undefined}>{t(`tm.tab.${v}`)}</a>)}
      </nav>
      {current === 'units' ? <UnitsView me={me} /> : <TmOverview me={me} />}
    </div>
  );
}

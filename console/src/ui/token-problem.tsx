/**
 * The problem of a preview-then-token operation (TM delete and replace by filter): the problem
 * document as everywhere, and when it is a 409 (the units changed since the preview, so the
 * token is stale and nothing was done) a way to preview again.
 */
import type { Problem } from '../api/types.js';
import { useT } from '../i18n/i18n.js';
import { ProblemNote } from './problem-note.js';

/** Shows `problem`; a 409 adds "Preview again", which calls `onPreviewAgain`. */
export function TokenProblem({ problem, onPreviewAgain }: { problem: Problem | null; onPreviewAgain: () => void }) {
  const { t } = useT();
  if (!problem) return null;
  return (
    <>
      <ProblemNote problem={problem} />
      {problem.status === 409 ? (
        <p class="actions">
          <span>{t('maintenance.stale')}</span>
          <button type="button" onClick={onPreviewAgain}>{t('maintenance.previewAgain')}</button>
        </p>
      ) : null}
    </>
  );
}

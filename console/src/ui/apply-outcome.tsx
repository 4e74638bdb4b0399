/**
 * The outcome of applying a preview's token (TM delete and replace by filter): what was done,
 * or the problem document as everywhere, and when it is a 409 (the units changed since the
 * preview, so the token is stale and nothing was done) a way to preview again.
 */
import { useT } from '../i18n/i18n.js';
import { ProblemNote } from './problem-note.js';
import type { TokenFlow } from './use-token-flow.js';

/** Shows how `flow`'s apply ended: `done` (its message) or its problem, with "Preview again" after a 409. */
export function ApplyOutcome<P, R>({ flow, done }: { flow: TokenFlow<P, R>; done: (result: R) => string }) {
  const { t } = useT();
  const { problem, result } = flow.applying;
  if (result !== undefined) return <p role="status">{done(result)}</p>;
  if (!problem) return null;
  return (
    <>
      <ProblemNote problem={problem} />
      {flow.stale ? (
        <p class="actions">
          <span>{t('maintenance.stale')}</span>
          <button type="button" onClick={flow.preview}>{t('maintenance.previewAgain')}</button>
        </p>
      ) : null}
    </>
  );
}

/**
 * An API error shown where it happened: the problem document's `title` and `detail` (and the
 * fields `errors` names), as text. It is an alert, so screen readers announce it.
 */
import type { Problem } from '../api/types.js';
import { useT } from '../i18n/i18n.js';

/** Shows `problem` (nothing when there is none). */
export function ProblemNote({ problem, id }: { problem: Problem | null | undefined; id?: string }) {
  const { t } = useT();
  if (!problem) return null;
  const network = problem.status === 0;
  return (
    <div class="problem" role="alert" id={id}>
      <strong class="problem-title">{network ? t('error.network') : problem.title}</strong>
      {problem.detail ? <span class="problem-detail">{problem.detail}</span> : null}
      {problem.errors?.length ? (
        <ul class="problem-errors">
          {problem.errors.map((e, i) => <li key={i}><code>{e.path}</code> {e.message}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

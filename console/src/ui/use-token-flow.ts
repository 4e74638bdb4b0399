/**
 * The two requests of a destructive TM operation (README "Maintenance"): a preview that returns
 * a token, then the same request with that token. Applying drops the preview (its token is
 * spent); a 409 means the token went stale and nothing was done, so the apply button stays off
 * until the user previews again.
 */
import { useCallback } from 'preact/hooks';
import { type ActionState, useAction } from './use-action.js';

/** The state of a preview-then-token operation and what the page can do with it. */
export interface TokenFlow<P, R> {
  previewing: ActionState<P>;
  applying: ActionState<R>;
  /** Previews (again), dropping an earlier apply's outcome. */
  preview: () => void;
  /** Applies with the preview's token. */
  apply: (token: string) => void;
  /** Forgets the preview and the outcome (the rule or the filter changed). */
  reset: () => void;
  /** The last apply met a stale token. */
  stale: boolean;
}

/** The flow over `preview` and `apply`; `onApplied` runs after a successful apply. */
export function useTokenFlow<P, R>(preview: () => Promise<P>, apply: (token: string) => Promise<R>, onApplied: () => void): TokenFlow<P, R> {
  const [previewing, runPreview, resetPreview] = useAction(preview);
  const [applying, runApply, resetApply] = useAction(async (token: string) => {
    const result = await apply(token);
    resetPreview();
    onApplied();
    return result;
  });
  const reset = useCallback(() => { resetPreview(); resetApply(); }, [resetPreview, resetApply]);
  return {
    previewing, applying, reset,
    preview: () => { resetApply(); void runPreview(); },
    apply: (token) => void runApply(token),
    stale: applying.problem?.status === 409,
  };
}

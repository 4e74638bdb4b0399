/**
 * State of one user action that calls the API: busy while it runs, then its result or the
 * problem to show next to the control that started it. A newer run supersedes an older one.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { problemOf } from '../api/problem.js';
import type { Problem } from '../api/types.js';

/** What an action shows. */
export interface ActionState<T> {
  busy: boolean;
  problem: Problem | null;
  result: T | undefined;
}

/** `[state, run, reset]` for an async action. */
export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): [ActionState<T>, (...args: A) => Promise<T | undefined>, () => void] {
  const [state, setState] = useState<ActionState<T>>({ busy: false, problem: null, result: undefined });
  const latest = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A) => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, busy: true, problem: null }));
    try {
      const result = await fnRef.current(...args);
      if (ticket === latest.current) setState({ busy: false, problem: null, result });
      return result;
    } catch (err) {
      if (ticket === latest.current) setState({ busy: false, problem: problemOf(err), result: undefined });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => {
    latest.current++;
    setState({ busy: false, problem: null, result: undefined });
  }, []);
  return [state, run, reset];
}

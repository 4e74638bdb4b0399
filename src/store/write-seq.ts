/**
 * Which change-log sequence a request's writes reached, for the `Caravan-Seq` response header
 * (issue 13, read your writes). The HTTP layer opens a scope per request; a store that keeps a
 * change log (PostgreSQL) notes each committed write's sequence into the current scope. Outside a
 * scope (the CLI, start-up) noting does nothing. AsyncLocalStorage carries the scope through the
 * services' awaits, so no service has to pass sequences along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ seq: number }>();

/** Runs `fn` in a fresh scope; `seq()` reads the highest sequence noted in it so far (0: none). */
export function withWriteSeq<T>(fn: (seq: () => number) => T): T {
  const state = { seq: 0 };
  return scope.run(state, () => fn(() => state.seq));
}

/** Notes that a write committed at `seq` in the current scope. */
export function noteWriteSeq(seq: number): void {
  const state = scope.getStore();
  if (state && seq > state.seq) state.seq = seq;
}

/**
 * The server of `npm start` with each lookup's answer fixed (issue 12): the service's answer to a
 * query is kept after its first run and handed back to every later request with the same body
 * and key, so that what a lookup request costs beyond its answer (the request stack: Node's HTTP,
 * Express, the gate, validation, the handler, the presenter, JSON and the log line) can be
 * measured apart from the search. The answer is the same object the service returned, so the
 * presenter and `res.json` work on what they work on in a real lookup.
 *
 * With STACK_ANSWERS=<file>, the answers are read from that file at the start when it exists
 * (as JSON: the same fields), and written to it at the exit when it did not, so that a server
 * under callgrind need not run the real lookups, fifty times slower there.
 *
 * Run as the benchmark runs the server (`startBenchServer(..., { script })`, stack-probe.ts), not
 * for users: a memory written to after the first lookup of a query is not seen by it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { failStart, serve } from '../../src/main.js';
import { LookupService } from '../../src/services/tm/lookup.js';

type Lookup = LookupService['lookup'];
type Answer = Awaited<ReturnType<Lookup>>;
const file = process.env.STACK_ANSWERS;
const kept = file !== undefined && existsSync(file);
const answers = new Map<string, Answer>(kept ? (JSON.parse(readFileSync(file, 'utf8')) as [string, Answer][]) : []);
if (file !== undefined && !kept) process.once('exit', () => writeFileSync(file, JSON.stringify([...answers])));
const lookup = LookupService.prototype.lookup;
LookupService.prototype.lookup = async function fixed(this: LookupService, ...args: Parameters<Lookup>) {
  const [options, by] = args;
  const key = `${by.keyId}\u0000${JSON.stringify(options)}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = await lookup.apply(this, args);
    answers.set(key, answer);
  }
  return answer;
};

try {
  await serve(loadConfig());
} catch (err) {
  failStart(err);
}

/**
 * Counts V8's deoptimisations and optimising compiles by round in a server's output, as
 * `run-lookups.js` copies it with `BENCH_SERVER_OUT=<file>` and `BENCH_SERVER_ARGS="--trace-deopt
 * --trace-opt"` (its lines `=== <state> <round>` start each round's section; what comes before the
 * first is the start and the import). Issue 12, ninth round: is round 1 after an import dearer
 * because the import left shared functions polymorphic or deoptimised? A function deoptimised
 * more than once in one round is the sign of it; a compile's time is V8's own report (under load
 * a wall time, so compare sections of one run, not runs). Ninth round, 100k, threshold 70, two
 * runs (load 8.7-9.7): round 1 after the import 10-11 deopts and 118-119 compiles, after a restart
 * on the same data 9-10 and 115-118, each function deoptimised once but the planes' `sweep` (two
 * levels of its miss counter first met) and `textDifferences` (two sites): no loop, and nothing
 * the import leaves that a restart does not (README, the ninth round's first-round paragraph).
 *
 * Run: `node dist/bench/http/trace-counts.js <file> [functions a section, default 12]`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** One section of the output: deopts by function and reason, and the optimising compiles. */
export interface TraceSection {
  name: string;
  /** `function: reason` -> deopts. */
  deopts: Map<string, number>;
  /** Function -> completed optimising compiles. */
  compiles: Map<string, number>;
  /** Function -> V8's reported time of those compiles (ms, its three phases summed). */
  compileMs: Map<string, number>;
}

// Unanchored: a marker or a trace line may start after a chunk of another line in the copy.
const SECTION = /=== (.+)$/;
// `[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x… <JSFunction matchKey (sfi = 0x…)>, …`
const BAILOUT = /\[bailout \(kind: [^,]+, reason: ([^)]*)\): begin\. deoptimizing \S+ <JSFunction (\S*)/;
// `[completed compiling 0x… <JSFunction sweep (sfi = 0x…)> (target TURBOFAN) - took 0.1, 9.2, 0.3 ms]`
const COMPILED = /\[completed compiling \S+ <JSFunction (\S*).* - took ([\d.]+), ([\d.]+), ([\d.]+) ms\]/;

function bump(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Splits `text` at the round markers and counts each section's deopts and compiles. */
export function countTrace(text: string): TraceSection[] {
  const fresh = (name: string): TraceSection => ({ name, deopts: new Map(), compiles: new Map(), compileMs: new Map() });
  const sections = [fresh('start')];
  let at = sections[0] as TraceSection;
  for (const line of text.split('\n')) {
    const section = SECTION.exec(line);
    if (section) {
      at = fresh(section[1] as string);
      sections.push(at);
      continue;
    }
    const bailout = BAILOUT.exec(line);
    if (bailout) {
      bump(at.deopts, `${bailout[2]}: ${bailout[1]}`);
      continue;
    }
    const compiled = COMPILED.exec(line);
    if (compiled) {
      const fn = compiled[1] as string;
      bump(at.compiles, fn);
      bump(at.compileMs, fn, Number(compiled[2]) + Number(compiled[3]) + Number(compiled[4]));
    }
  }
  return sections;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const shown = Number(process.argv[3] ?? 12);
  for (const s of countTrace(readFileSync(process.argv[2] ?? '', 'utf8'))) {
    process.stdout.write(`## ${s.name}: ${sum(s.deopts)} deopts, ${sum(s.compiles)} compiles of ${s.compiles.size} functions, ${sum(s.compileMs).toFixed(0)} ms compiling\n`);
    for (const [what, n] of top(s.deopts, shown)) process.stdout.write(`   deopt ${n}x ${what}\n`);
    for (const [fn, ms] of top(s.compileMs, shown)) process.stdout.write(`   compile ${s.compiles.get(fn)}x ${fn} ${ms.toFixed(1)} ms\n`);
  }
}

/** A pino logger at `info` whose JSON lines a test can read. */
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** The logger and the lines written to it so far. */
export interface CapturedLog {
  logger: Logger;
  lines: string[];
  /** The lines parsed. */
  entries(): { level: number; msg: string }[];
}

/** A logger that keeps what it writes. */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { logger: pino({ level: 'info' }, sink), lines, entries: () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

/** The process logger (pino, JSON lines on stdout). Keys never reach it: see http/app.ts. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/** A logger at `level`, with the Authorization header redacted wherever it might appear. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'key', '*.key'], censor: '[redacted]' },
  });
}

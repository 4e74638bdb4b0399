/**
 * Runtime configuration, read once from the environment and validated at start.
 *
 * Every setting has a default except the admin key; a bad value stops the server with a
 * message that names the variable, the value and what is expected.
 */
import { isAbsolute, resolve } from 'node:path';
import bytes from 'bytes';

/** Log levels pino understands. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Validated configuration for one server or CLI process. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  adminKey: string | undefined;
  logLevel: LogLevel;
  /** Requests per minute per API key (or per address when unauthenticated). */
  rateLimitPerMinute: number;
  /** The shared PostgreSQL store (`postgres://...`); undefined: the embedded SQLite store in `dataDir`. */
  databaseUrl: string | undefined;
  /** Largest uploaded file, in bytes (CARAVAN_UPLOAD_LIMIT). */
  uploadLimitBytes: number;
  /** Origins allowed to call the API from a browser (CARAVAN_CORS_ORIGINS); empty: no CORS headers. */
  corsOrigins: string[];
  /** How long the shared store keeps applied changes in its change log, in seconds (CARAVAN_CHANGE_RETENTION). */
  changeRetentionSeconds: number;
}

/** A connection URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

/** `CARAVAN_DATABASE_URL` when set: a postgres:// or postgresql:// URL naming a host (or a socket directory) and a database. */
function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.CARAVAN_DATABASE_URL?.trim();
  if (!raw) return undefined;
  const expected = 'a PostgreSQL URL such as postgres://user:password@host:5432/caravan';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('CARAVAN_DATABASE_URL', redactUrl(raw), expected);
  }
  const socket = url.searchParams.get('host');
  if (!['postgres:', 'postgresql:'].includes(url.protocol) || (!url.hostname && !socket) || url.pathname.length < 2) {
    throw new ConfigError('CARAVAN_DATABASE_URL', redactUrl(raw), expected);
  }
  return raw;
}

/** A configuration value that cannot be used. */
export class ConfigError extends Error {
  constructor(readonly variable: string, readonly value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Shortest admin key we accept from the environment: 128 bits of base64 text. */
const MIN_ADMIN_KEY_LENGTH = 22;
/** Default upload limit: 2 GiB (a million-unit TMX is about 230 MB, and real memories are larger). */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 2 * 1024 ** 3;
/** Smallest upload limit: below 1 KiB not even a small glossary fits. */
const MIN_UPLOAD_LIMIT_BYTES = 1024;
/** Largest upload limit: 1 TiB, far beyond any file a person uploads. */
const MAX_UPLOAD_LIMIT_BYTES = 1024 ** 4;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
  return n;
}

/** A size in bytes: `1048576`, or a number with a unit, `2GB`, `500mb`, `1.5 GB` (units are powers of 1024). */
function size(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const expected = `a size in bytes from ${bytes.format(min)} to ${bytes.format(max)}, such as 2GB, 500MB or 1048576`;
  const n = /^\s*\d+(\.\d+)?\s*([kmgt]?b)?\s*$/i.test(raw) ? bytes.parse(raw.trim()) : null;
  if (n === null || !Number.isFinite(n) || n < min || n > max) throw new ConfigError(name, raw, expected);
  return Math.floor(n);
}

/** Browser origins (`https://host[:port]`, comma-separated), or `*` for any. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name] ?? '';
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of list) {
    if (o === '*') continue;
    let origin: string | undefined;
    try {
      origin = new URL(o).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== o.replace(/\/$/, '') || !/^https?:/.test(o)) {
      throw new ConfigError(name, raw, 'a comma-separated list of origins such as https://console.example.org or http://localhost:5173, or *');
    }
  }
  return list.map((o) => o.replace(/\/$/, ''));
}

/** Reads and validates the configuration; throws {@link ConfigError} on the first bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const rateLimitPerMinute = integer(env, 'CARAVAN_RATE_LIMIT', 600, 1, 1_000_000);
  const uploadLimitBytes = size(env, 'CARAVAN_UPLOAD_LIMIT', DEFAULT_UPLOAD_LIMIT_BYTES, MIN_UPLOAD_LIMIT_BYTES, MAX_UPLOAD_LIMIT_BYTES);
  const corsOrigins = origins(env, 'CARAVAN_CORS_ORIGINS');
  // At least a minute: a shorter window only sends nodes that pause briefly back to a fresh snapshot.
  const changeRetentionSeconds = integer(env, 'CARAVAN_CHANGE_RETENTION', 3600, 60, 31_536_000);
  const host = env.CARAVAN_HOST?.trim() || '0.0.0.0';

  const rawDir = env.CARAVAN_DATA_DIR ?? '';
  if (rawDir.includes('\0')) throw new ConfigError('CARAVAN_DATA_DIR', rawDir, 'a directory path');
  const dataDir = rawDir.trim() === '' ? resolve(cwd, 'data') : isAbsolute(rawDir) ? rawDir : resolve(cwd, rawDir);

  const adminKey = env.CARAVAN_ADMIN_KEY;
  if (adminKey !== undefined && adminKey !== '' && (adminKey.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(adminKey))) {
    throw new ConfigError('CARAVAN_ADMIN_KEY', '(hidden)', `at least ${MIN_ADMIN_KEY_LENGTH} characters without spaces`);
  }

  const level = (env.CARAVAN_LOG_LEVEL ?? 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('CARAVAN_LOG_LEVEL', env.CARAVAN_LOG_LEVEL ?? '', LOG_LEVELS.join(', '));
  }

  return {
    port,
    host,
    dataDir,
    adminKey: adminKey === '' ? undefined : adminKey,
    logLevel: level as LogLevel,
    rateLimitPerMinute,
    databaseUrl: databaseUrl(env),
    uploadLimitBytes,
    corsOrigins,
    changeRetentionSeconds,
  };
}

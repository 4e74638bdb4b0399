/**
 * Which store errors answer 507 (a full disk): SQLite's, the file system's, a quota, and
 * PostgreSQL's disk_full, found on the error or on its cause.
 */
import { describe, expect, it } from 'vitest';
import { isDiskFull, toProblem } from '../../src/http/problem.js';

const coded = (code: string, cause?: unknown) => Object.assign(new Error(`failed: ${code}`), { code, cause });

describe('a full disk in a store error', () => {
  it.each(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100'])('%s answers 507 insufficient-storage', (code) => {
    expect(isDiskFull(coded(code))).toBe(true);
    expect(toProblem(coded(code)).status).toBe(507);
  });

  it('is found on the cause of a wrapping error', () => {
    const wrapped = new Error('the import failed', { cause: coded('53100') });
    expect(isDiskFull(wrapped)).toBe(true);
    expect(toProblem(wrapped).status).toBe(507);
  });

  it('other PostgreSQL resource errors are not a full disk', () => {
    // 53200 out_of_memory, 53300 too_many_connections
    expect(isDiskFull(coded('53200'))).toBe(false);
    expect(isDiskFull(coded('53300'))).toBe(false);
    expect(toProblem(coded('53300')).status).not.toBe(507);
  });
});

/** `scripts/cluster-demo.sh` (README, "Scaling out"): a private PostgreSQL and two nodes; a write on A is found on B. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/version.js';
import { describePg } from '../helpers/postgres.js';

const run = promisify(execFile);

describePg('scripts/cluster-demo.sh', () => {
  it('starts PostgreSQL and two nodes, and node B finds the unit written on node A', async () => {
    const { stdout } = await run('bash', [join(PACKAGE_ROOT, 'scripts', 'cluster-demo.sh')], { cwd: PACKAGE_ROOT, timeout: 280_000 });
    expect(stdout).toMatch(/== node a ready on http:\/\/127\.0\.0\.1:\d+\n== node b ready/);
    expect(stdout).toMatch(/Caravan-Seq: \d+\n/);
    expect(stdout).toMatch(/node B: 100 exact unit \d+: Two nodes share one database\.\n== done\n$/);
  }, 300_000);
});

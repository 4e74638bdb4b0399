import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({}, '/srv/caravan')).toEqual({ port: 8080, host: '0.0.0.0', dataDir: '/srv/caravan/data', adminKey: undefined, logLevel: 'info', rateLimitPerMinute: 600 });
  });

  it('reads every variable, resolving a relative data directory against the working directory', () => {
    expect(loadConfig({ PORT: '9000', CARAVAN_DATA_DIR: 'var/tm', CARAVAN_ADMIN_KEY: 'k'.repeat(30), CARAVAN_LOG_LEVEL: 'DEBUG', CARAVAN_RATE_LIMIT: '60' }, '/srv'))
      .toEqual({ port: 9000, host: '0.0.0.0', dataDir: '/srv/var/tm', adminKey: 'k'.repeat(30), logLevel: 'debug', rateLimitPerMinute: 60 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty" is not valid: expected an integer from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT="70000" is not valid: expected an integer from 0 to 65535'],
    [{ CARAVAN_LOG_LEVEL: 'loud' }, 'CARAVAN_LOG_LEVEL="loud" is not valid: expected fatal, error, warn, info, debug, trace, silent'],
    [{ CARAVAN_ADMIN_KEY: 'short' }, 'CARAVAN_ADMIN_KEY="(hidden)" is not valid: expected at least 22 characters without spaces'],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, '/')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/')).toThrow(message);
  });
});

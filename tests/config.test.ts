import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({}, '/srv/caravan')).toEqual({ port: 8080, host: '0.0.0.0', dataDir: '/srv/caravan/data', adminKey: undefined, logLevel: 'info', rateLimitPerMinute: 600,
      uploadLimitBytes: 2 * 1024 ** 3, corsOrigins: [], changeRetentionSeconds: 3600 });
  });

  it('reads every variable, resolving a relative data directory against the working directory', () => {
    expect(loadConfig({ PORT: '9000', CARAVAN_DATA_DIR: 'var/tm', CARAVAN_ADMIN_KEY: 'k'.repeat(30), CARAVAN_LOG_LEVEL: 'DEBUG', CARAVAN_RATE_LIMIT: '60',
      CARAVAN_UPLOAD_LIMIT: '500MB', CARAVAN_CORS_ORIGINS: 'https://console.example.org, http://localhost:5173/', CARAVAN_CHANGE_RETENTION: '600' }, '/srv'))
      .toEqual({ port: 9000, host: '0.0.0.0', dataDir: '/srv/var/tm', adminKey: 'k'.repeat(30), logLevel: 'debug', rateLimitPerMinute: 60,
        uploadLimitBytes: 500 * 1024 ** 2, corsOrigins: ['https://console.example.org', 'http://localhost:5173'], changeRetentionSeconds: 600 });
  });

  it.each([
    ['2GB', 2 * 1024 ** 3], ['2gb', 2 * 1024 ** 3], ['1.5 GB', 1.5 * 1024 ** 3], ['750MB', 750 * 1024 ** 2], ['64kb', 65_536], ['1048576', 1_048_576], ['1TB', 1024 ** 4],
  ])('reads CARAVAN_UPLOAD_LIMIT=%s as %d bytes', (value, bytes) => {
    expect(loadConfig({ CARAVAN_UPLOAD_LIMIT: value }, '/').uploadLimitBytes).toBe(bytes);
  });

  it('reads CARAVAN_CORS_ORIGINS=* as any origin', () => {
    expect(loadConfig({ CARAVAN_CORS_ORIGINS: '*' }, '/').corsOrigins).toEqual(['*']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty" is not valid: expected an integer from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT="70000" is not valid: expected an integer from 0 to 65535'],
    [{ CARAVAN_LOG_LEVEL: 'loud' }, 'CARAVAN_LOG_LEVEL="loud" is not valid: expected fatal, error, warn, info, debug, trace, silent'],
    [{ CARAVAN_ADMIN_KEY: 'short' }, 'CARAVAN_ADMIN_KEY="(hidden)" is not valid: expected at least 22 characters without spaces'],
    [{ CARAVAN_UPLOAD_LIMIT: 'lots' }, 'CARAVAN_UPLOAD_LIMIT="lots" is not valid: expected a size in bytes from 1KB to 1TB, such as 2GB, 500MB or 1048576'],
    [{ CARAVAN_UPLOAD_LIMIT: '2 GiB' }, 'CARAVAN_UPLOAD_LIMIT="2 GiB" is not valid: expected a size in bytes'],
    [{ CARAVAN_UPLOAD_LIMIT: '-5MB' }, 'CARAVAN_UPLOAD_LIMIT="-5MB" is not valid'],
    [{ CARAVAN_UPLOAD_LIMIT: '100' }, 'CARAVAN_UPLOAD_LIMIT="100" is not valid: expected a size in bytes from 1KB'],
    [{ CARAVAN_UPLOAD_LIMIT: '2PB' }, 'CARAVAN_UPLOAD_LIMIT="2PB" is not valid'],
    [{ CARAVAN_CORS_ORIGINS: 'console.example.org' }, 'CARAVAN_CORS_ORIGINS="console.example.org" is not valid: expected a comma-separated list of origins'],
    [{ CARAVAN_CORS_ORIGINS: 'https://example.org/console' }, 'CARAVAN_CORS_ORIGINS="https://example.org/console" is not valid'],
    [{ CARAVAN_CHANGE_RETENTION: '30' }, 'CARAVAN_CHANGE_RETENTION="30" is not valid: expected an integer from 60 to 31536000'],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, '/')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/')).toThrow(message);
  });
});

import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('.data');
    expect(config.eventStore).toBe('postgres');
    expect(config.rateLimitPerMinute).toBe(6000);
    expect(config.rateLimitAnonymousPerMinute).toBe(300);
  });

  it('reads the rate limits, 0 meaning off', () => {
    const config = loadConfig({
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '60',
    });
    expect(config.rateLimitPerMinute).toBe(0);
    expect(config.rateLimitAnonymousPerMinute).toBe(60);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000' }).rateLimitPerMinute).toBe(1_000_000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'kafka' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [
      { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' },
      'EVENTSTORE_CONNECTION_STRING',
    ],
    [{ ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY'],
    [{ ADMIN_API_KEY: 'has spaces in it but is long enough' }, 'ADMIN_API_KEY'],
    [{ PROJECTIONS_ENABLED: 'maybe' }, 'PROJECTIONS_ENABLED'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_PER_MINUTE: '100/min' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_PER_MINUTE: '1.5' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_PER_MINUTE: '1000001' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_ANONYMOUS_PER_MINUTE: 'none' }, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'],
    [{ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '-5' }, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'],
  ])('rejects %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(
      new RegExp(`^Configuration error: ${variable} `),
    );
    expect((error as ConfigError).message).not.toContain('\n');
  });
});

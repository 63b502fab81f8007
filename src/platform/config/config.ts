/**
 * Configuration comes from environment variables only, validated once at start-up. A missing or
 * malformed value stops the process with one line naming the variable (see main.ts), never a
 * stack trace.
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** When set, the PostgreSQL server to use; otherwise an embedded server is started. */
  readonly databaseUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its data (`<dataDir>/postgres`). */
  readonly dataDir: string;
  readonly eventStore: 'postgres' | 'eventstoredb';
  readonly eventStoreConnectionString: string | undefined;
  readonly adminApiKey: string | undefined;
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  readonly projectionsEnabled: boolean;
  readonly shutdownTimeoutMs: number;
  readonly idempotencyKeyTtlHours: number;
  readonly commandRetryLimit: number;
  /** Minutes after a solve before the CSAT survey is issued (0: at once). */
  readonly surveyIssueDelayMinutes: number;
  /** HMAC secret for survey links; unset: one is generated and kept in the database. */
  readonly surveyTokenSecret: string | undefined;
  /** Business days after which a solved ticket is closed automatically. */
  readonly autoCloseAfterBusinessDays: number;
  /** Requests a minute each API key may make (per process); 0 turns the per-key limit off. */
  readonly rateLimitPerMinute: number;
  /** Requests a minute per client IP without a usable API key (per process); 0 turns it off. */
  readonly rateLimitAnonymousPerMinute: number;
}

/**
 * Default rate limits. Per key: 100 requests a second sustained, well above what published
 * helpdesk peers allow (Zendesk: 200–700 a minute per account, 2,500 on its top plan) yet far
 * below what one process serves, so one runaway integration cannot starve the others. Without a
 * key: enough for a person or a probe, low enough to blunt key guessing and scanners.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
export const DEFAULT_RATE_LIMIT_ANONYMOUS_PER_MINUTE = 300;
/** Upper bound for both limits: beyond it a limit is meaningless; use 0 to turn limiting off. */
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

export const APP_CONFIG = Symbol('AppConfig');

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function postgresUrl(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must use the postgres:// scheme (got "${url.protocol}")`);
  }
  return raw;
}

function surveySecret(env: Env): string | undefined {
  const secret = optional(env, 'SURVEY_TOKEN_SECRET');
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('SURVEY_TOKEN_SECRET', 'must be at least 32 characters long');
  }
  return secret;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres');
  const eventStoreConnectionString = optional(env, 'EVENTSTORE_CONNECTION_STRING');
  if (eventStore === 'eventstoredb') {
    if (eventStoreConnectionString === undefined) {
      throw new ConfigError(
        'EVENTSTORE_CONNECTION_STRING',
        'is required when EVENT_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)',
      );
    }
    if (
      !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(eventStoreConnectionString)
    ) {
      throw new ConfigError(
        'EVENTSTORE_CONNECTION_STRING',
        `must start with esdb:// or esdb+discover:// (got "${eventStoreConnectionString}")`,
      );
    }
  }
  const adminApiKey = optional(env, 'ADMIN_API_KEY');
  if (adminApiKey !== undefined && (adminApiKey.length < 24 || adminApiKey.length > 512)) {
    throw new ConfigError('ADMIN_API_KEY', 'must be 24 to 512 characters long');
  }
  if (adminApiKey !== undefined && !/^[\x21-\x7e]+$/.test(adminApiKey)) {
    throw new ConfigError(
      'ADMIN_API_KEY',
      'must be printable ASCII without spaces (it is sent as a bearer token)',
    );
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: optional(env, 'HOST') ?? '127.0.0.1',
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    dataDir: optional(env, 'DATA_DIR') ?? '.data',
    eventStore,
    eventStoreConnectionString,
    adminApiKey,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    projectionsEnabled: boolean(env, 'PROJECTIONS_ENABLED', true),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    idempotencyKeyTtlHours: integer(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 24, 24, 24 * 365),
    commandRetryLimit: integer(env, 'COMMAND_RETRY_LIMIT', 3, 0, 20),
    autoCloseAfterBusinessDays: integer(env, 'AUTO_CLOSE_AFTER', 4, 1, 365),
    surveyIssueDelayMinutes: integer(env, 'SURVEY_ISSUE_DELAY_MINUTES', 0, 0, 60 * 24 * 30),
    surveyTokenSecret: surveySecret(env),
    rateLimitPerMinute: integer(
      env,
      'RATE_LIMIT_PER_MINUTE',
      DEFAULT_RATE_LIMIT_PER_MINUTE,
      0,
      MAX_RATE_LIMIT_PER_MINUTE,
    ),
    rateLimitAnonymousPerMinute: integer(
      env,
      'RATE_LIMIT_ANONYMOUS_PER_MINUTE',
      DEFAULT_RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      0,
      MAX_RATE_LIMIT_PER_MINUTE,
    ),
  };
}

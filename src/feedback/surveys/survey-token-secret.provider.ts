import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { randomBytes } from 'node:crypto';
import type { FactoryProvider } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../platform/database/database.tokens';
import { CLOCK, type Clock } from '../../platform/time/clock';

export const SURVEY_TOKEN_SECRET = Symbol('SurveyTokenSecret');

/** Shortest SURVEY_TOKEN_SECRET accepted: 32 bytes of entropy written as text. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The HMAC key of survey tokens: SURVEY_TOKEN_SECRET when set (the way to rotate it or share it
 * between environments), otherwise a random 256-bit secret generated once and kept in
 * `survey_token_secret`, so restarts and other instances on the same database issue and accept
 * the same links. Two instances starting together both try the insert; the first one wins and
 * both read it back.
 */
export const surveyTokenSecretProvider: FactoryProvider<Promise<Buffer>> = {
  provide: SURVEY_TOKEN_SECRET,
  inject: [PG_POOL, CLOCK, APP_CONFIG],
  useFactory: async (pool: Pool, clock: Clock, config: AppConfig): Promise<Buffer> => {
    const fromEnv = config.surveyTokenSecret;
    if (fromEnv !== undefined && fromEnv !== '') {
      if (fromEnv.length < MIN_SECRET_LENGTH) {
        throw new Error(`SURVEY_TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
      }
      return Buffer.from(fromEnv, 'utf8');
    }
    await pool.query(
      `INSERT INTO survey_token_secret (id, secret, created_at) VALUES (1, $1, $2)
       ON CONFLICT (id) DO NOTHING`,
      [randomBytes(32).toString('base64url'), clock.now().toISOString()],
    );
    const { rows } = await pool.query<{ secret: string }>(
      'SELECT secret FROM survey_token_secret WHERE id = 1',
    );
    const stored = rows[0];
    if (!stored) throw new Error('survey_token_secret has no secret after the insert');
    return Buffer.from(stored.secret, 'base64url');
  },
};

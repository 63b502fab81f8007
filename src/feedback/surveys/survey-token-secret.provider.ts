import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { randomBytes } from 'node:crypto';
import type { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
 *
 * It asks for TypeORM's DataSource rather than the raw pool on purpose: that provider exists only
 * once the start-up migrations have run, so on a fresh database the table is there when we read it.
 */
export const surveyTokenSecretProvider: FactoryProvider<Promise<Buffer>> = {
  provide: SURVEY_TOKEN_SECRET,
  inject: [DataSource, CLOCK, APP_CONFIG],
  useFactory: async (dataSource: DataSource, clock: Clock, config: AppConfig): Promise<Buffer> => {
    const fromEnv = config.surveyTokenSecret;
    if (fromEnv !== undefined && fromEnv !== '') {
      if (fromEnv.length < MIN_SECRET_LENGTH) {
        throw new Error(`SURVEY_TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
      }
      return Buffer.from(fromEnv, 'utf8');
    }
    await dataSource.query(
      `INSERT INTO survey_token_secret (id, secret, created_at) VALUES (1, $1, $2)
       ON CONFLICT (id) DO NOTHING`,
      [randomBytes(32).toString('base64url'), clock.now().toISOString()],
    );
    const rows: Array<{ secret: string }> = await dataSource.query(
      'SELECT secret FROM survey_token_secret WHERE id = 1',
    );
    const stored = rows[0];
    if (!stored) throw new Error('survey_token_secret has no secret after the insert');
    return Buffer.from(stored.secret, 'base64url');
  },
};

import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SURVEY_TOKEN_SECRET } from './survey-token-secret.provider';

/** Survey ids are uuids (ID_GENERATOR, or derived from the solve event for scheduled ones). */
const SURVEY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** base64url of a 32-byte HMAC-SHA256, without padding. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const SURVEY_TOKEN_MAX_LENGTH = 80;
export const SURVEY_TOKEN_PATTERN = '^[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}$';

/**
 * The customer's survey token: `<surveyId>.<base64url(HMAC-SHA256(secret, surveyId))>`, 256 bits
 * of MAC. It is recomputed, never stored, so the event log (which has the survey id) does not
 * give it away. Verification recomputes the MAC from the embedded id and compares it in constant
 * time; anything malformed is simply "not a token".
 */
@Injectable()
export class SurveyTokens {
  constructor(@Inject(SURVEY_TOKEN_SECRET) private readonly secret: Buffer) {}

  tokenFor(surveyId: string): string {
    return `${surveyId}.${this.macOf(surveyId).toString('base64url')}`;
  }

  /** The survey id a genuine token names; undefined for a forged or malformed one. */
  surveyIdOf(token: string): string | undefined {
    const dot = token.indexOf('.');
    if (dot < 0 || token.length > SURVEY_TOKEN_MAX_LENGTH) return undefined;
    const surveyId = token.slice(0, dot);
    const mac = token.slice(dot + 1);
    if (!SURVEY_ID_PATTERN.test(surveyId) || !MAC_PATTERN.test(mac)) return undefined;
    const given = Buffer.from(mac, 'base64url');
    // 43 characters carry 258 bits: the last one has 2 spare bits. Only the canonical spelling
    // counts, so each survey has exactly one token (no variants of a leaked link).
    if (given.toString('base64url') !== mac) return undefined;
    const expected = this.macOf(surveyId);
    if (given.length !== expected.length) return undefined;
    return timingSafeEqual(given, expected) ? surveyId : undefined;
  }

  private macOf(surveyId: string): Buffer {
    return createHmac('sha256', this.secret).update(`csat-survey:${surveyId}`).digest();
  }
}

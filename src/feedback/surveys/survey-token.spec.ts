import { SurveyTokens } from './survey-token';

const SURVEY_ID = '0f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f';

describe('SurveyTokens', () => {
  const tokens = new SurveyTokens(Buffer.from('a'.repeat(32)));

  it('embeds the survey id and a 256-bit base64url MAC', () => {
    const token = tokens.tokenFor(SURVEY_ID);
    expect(token).toMatch(/^0f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f\.[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.split('.')[1] ?? '', 'base64url')).toHaveLength(32);
    expect(tokens.surveyIdOf(token)).toBe(SURVEY_ID);
  });

  it('depends on the secret: another secret neither makes nor accepts the same token', () => {
    const other = new SurveyTokens(Buffer.from('b'.repeat(32)));
    expect(other.tokenFor(SURVEY_ID)).not.toBe(tokens.tokenFor(SURVEY_ID));
    expect(other.surveyIdOf(tokens.tokenFor(SURVEY_ID))).toBeUndefined();
  });

  it('refuses tampered and malformed tokens', () => {
    const token = tokens.tokenFor(SURVEY_ID);
    const [, mac = ''] = token.split('.');
    const otherId = '1f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f';
    for (const candidate of [
      `${otherId}.${mac}`,
      `${SURVEY_ID}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `${SURVEY_ID}.${mac}=`,
      `${SURVEY_ID}.${mac}.${mac}`,
      `${SURVEY_ID.toUpperCase()}.${mac}`,
      SURVEY_ID,
      '',
      '.',
    ]) {
      expect(tokens.surveyIdOf(candidate)).toBeUndefined();
    }
  });
});

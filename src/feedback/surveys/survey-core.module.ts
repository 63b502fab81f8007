import { Module } from '@nestjs/common';
import { SurveySettings } from './survey-settings';
import { SurveyTokens } from './survey-token';
import { surveyTokenSecretProvider } from './survey-token-secret.provider';

/** What CSAT and NPS surveys share: the tunables and the token (one secret, one token form). */
@Module({
  providers: [surveyTokenSecretProvider, SurveySettings, SurveyTokens],
  exports: [SurveySettings, SurveyTokens],
})
export class SurveyCoreModule {}

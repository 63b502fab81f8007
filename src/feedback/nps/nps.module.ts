import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module';
import { SurveyCoreModule } from '../surveys/survey-core.module';
import { IssueNpsSurveyController } from './issue-nps-survey/issue-nps-survey.controller';
import { NpsSurveys } from './nps-surveys';
import { NpsSurveyIndexProjection } from './survey-index/nps-survey-index.projection';

/**
 * NPS relationship surveys on the customer's stream: POST /surveys/nps issues one; the link and
 * the public answer routes are the CSAT ones (SurveysModule), which find NPS surveys through
 * NpsSurveys. Needs EVENT_STORE, CLOCK, ID_GENERATOR, APP_CONFIG, PG_POOL (global).
 */
@Module({
  imports: [SurveyCoreModule, ProjectionsModule],
  controllers: [IssueNpsSurveyController],
  providers: [NpsSurveys, NpsSurveyIndexProjection],
  exports: [NpsSurveys],
})
export class NpsModule {}

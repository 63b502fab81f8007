import { Module } from '@nestjs/common';
import { DirectoryModule } from '../../routing/directory.module';
import { TicketAccess } from '../../tickets/ticket-access';
import { TicketCommandRunner } from '../../tickets/ticket-command-runner';
import { PublicSurveyController } from './answer-survey/public-survey.controller';
import { PublicSurveyInterceptor } from './answer-survey/public-survey.interceptor';
import { SurveyAnswers } from './answer-survey/survey-answers';
import { IssueSurveyController } from './issue-survey/issue-survey.controller';
import { IssueDueSurveys } from './scheduling/issue-due-surveys';
import { SurveyScheduleProjection } from './scheduling/survey-schedule.projection';
import { GetSurveyLinkController } from './survey-link/get-survey-link.controller';
import { SurveyRecords } from './survey-records';
import { NpsModule } from '../nps/nps.module';
import { SurveyCoreModule } from './survey-core.module';

/**
 * CSAT surveys: issued after a solve (durable timer: SurveyScheduleProjection + IssueDueSurveys)
 * or by hand, their customer link for the delivering integrator, and the public answer page —
 * which answers NPS surveys (NpsModule) too: one token form, one link route, one public page.
 * Needs EVENT_STORE, CLOCK, ID_GENERATOR, APP_CONFIG, PG_POOL (global), AGENT_DIRECTORY
 * (DirectoryModule, for TicketAccess).
 */
@Module({
  imports: [DirectoryModule, SurveyCoreModule, NpsModule],
  controllers: [IssueSurveyController, GetSurveyLinkController, PublicSurveyController],
  providers: [
    SurveyRecords,
    SurveyAnswers,
    SurveyScheduleProjection,
    IssueDueSurveys,
    PublicSurveyInterceptor,
    TicketCommandRunner,
    TicketAccess,
  ],
})
export class SurveysModule {}

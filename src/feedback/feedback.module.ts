import { Module } from '@nestjs/common';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { NpsModule } from './nps/nps.module';
import { ReportsModule } from './reports/reports.module';
import { SurveysModule } from './surveys/surveys.module';

/** Customer feedback: CSAT surveys, NPS, follow-ups, and the operational reports. */
@Module({ imports: [SurveysModule, NpsModule, FollowUpsModule, ReportsModule] })
export class FeedbackModule {}

import { Module } from '@nestjs/common';
import { SurveysModule } from './surveys/surveys.module';

/** Customer feedback: CSAT surveys (src/feedback/surveys). NPS, follow-ups and reports to come. */
@Module({ imports: [SurveysModule] })
export class FeedbackModule {}

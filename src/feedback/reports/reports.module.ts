import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module';
import { ReportFeedbackFactsProjection } from './facts/feedback-facts.projection';
import { ReportTicketFactsProjection } from './facts/ticket-facts.projection';
import { AgentsReportController } from './agents/agents.controller';
import { FirstResponseReportController } from './first-response/first-response.controller';
import { ResolutionReportController } from './resolution/resolution.controller';
import { SatisfactionReportController } from './satisfaction/satisfaction.controller';
import { VolumeReportController } from './volume/volume.controller';
import { ReportExecutor } from './query/report-executor';
import { ReportFreshness } from './query/report-freshness';
import { ReportSnapshot } from './query/report-snapshot';

/**
 * Operational reports over the events: first response, resolution, satisfaction, volume, agents.
 * Two projections keep fact tables shaped for the queries (report_ticket_facts from the ticket
 * streams including their SLA events, report_feedback_facts from surveys, NPS and follow-ups).
 * Needs PG_POOL and CLOCK (global) and the ProjectionRunner (positions and lag).
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [
    FirstResponseReportController,
    ResolutionReportController,
    SatisfactionReportController,
    VolumeReportController,
    AgentsReportController,
  ],
  providers: [
    ReportTicketFactsProjection,
    ReportFeedbackFactsProjection,
    ReportSnapshot,
    ReportFreshness,
    ReportExecutor,
  ],
})
export class ReportsModule {}

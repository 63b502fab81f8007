import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module';
import { ProjectionLagReader } from '../../tickets/read-consistency';
import { SlaCyclesProjection } from './cycles-read-model/sla-cycles.projection';
import { ListBreachesController } from './listing-breaches/list-breaches.controller';
import { SlaBreachQueries } from './listing-breaches/sla-breach.queries';
import { SlaReportController } from './reporting-compliance/sla-report.controller';
import { SlaReportQueries } from './reporting-compliance/sla-report.queries';

/**
 * SLA read side: the `sla_cycles` read model (SlaCyclesProjection, discovered by the
 * ProjectionsModule), GET /sla/breaches and GET /reports/sla. Needs the TypeORM DataSource
 * (global), CLOCK (global) and the ProjectionRunner (lag header, checkpoint position).
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [ListBreachesController, SlaReportController],
  providers: [SlaCyclesProjection, SlaBreachQueries, SlaReportQueries, ProjectionLagReader],
})
export class SlaReportsModule {}

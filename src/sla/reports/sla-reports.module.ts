import { Module } from '@nestjs/common';

/** SLA read side: cycles read model, GET /sla/breaches, GET /reports/sla. */
@Module({})
export class SlaReportsModule {}

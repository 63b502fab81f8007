import { Module } from '@nestjs/common';

/** Operational reports over the events: first response, resolution, satisfaction, volume, agents. */
@Module({})
export class ReportsModule {}

import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DiscoveredProjectionRegistry } from './discovered-projection-registry';
import { PROJECTION_REGISTRY } from './projection-registry';
import { ProjectionRunner } from './projection-runner';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * The projection runner and its admin endpoints. Projections are providers marked
 * @ProjectionDefinition() in any feature module. Needs, from the application: EVENT_STORE,
 * TypeORM's DataSource, PG_POOL, CLOCK, APP_CONFIG and the Metrics class.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [ProjectionsAdminController],
  providers: [
    DiscoveredProjectionRegistry,
    { provide: PROJECTION_REGISTRY, useExisting: DiscoveredProjectionRegistry },
    ProjectionRunner,
  ],
  exports: [ProjectionRunner],
})
export class ProjectionsModule {}

import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { DirectoryModule } from '../routing/directory.module';
import { ListTicketsController } from './listing-tickets/list-tickets.controller';
import { TicketListProjection } from './listing-tickets/ticket-list.projection';
import { TicketListQuery } from './listing-tickets/ticket-list.query';
import { ProjectionLagReader } from './read-consistency';
import { TicketAccess } from './ticket-access';

/**
 * The ticket list read model: the `ticket_list` projection (discovered by the ProjectionsModule)
 * and `GET /tickets` over it. Needs the TypeORM DataSource (DatabaseModule, global), the
 * ProjectionRunner (for the lag headers) and AGENT_DIRECTORY (DirectoryModule) for agents'
 * visibility.
 */
@Module({
  imports: [DirectoryModule, ProjectionsModule],
  controllers: [ListTicketsController],
  providers: [TicketListProjection, TicketListQuery, ProjectionLagReader, TicketAccess],
})
export class TicketListModule {}

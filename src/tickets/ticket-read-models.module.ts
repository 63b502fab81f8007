import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { DirectoryModule } from '../routing/directory.module';
import { CustomerViewProjection } from './getting-customer/customer-view.projection';
import { CustomerViewReader } from './getting-customer/customer-view.reader';
import { GetCustomerController } from './getting-customer/get-customer.controller';
import { GetTicketDetailsController } from './getting-ticket-details/get-ticket-details.controller';
import { TicketDetailsProjection } from './getting-ticket-details/ticket-details.projection';
import { TicketDetailsReader } from './getting-ticket-details/ticket-details.reader';
import { GetTicketHistoryController } from './getting-ticket-history/get-ticket-history.controller';
import { ProjectionLagReader } from './read-consistency';
import { TicketAccess } from './ticket-access';

/**
 * Ticket reads for the desk and for auditors: the `ticket_details` read model and
 * GET /tickets/{id} (also `?asOf=` from the event stream), GET /tickets/{id}/history, and the
 * single customer view (`customer_view`: GET /customers/{id} and /customers/{id}/tickets).
 * Projections are discovered by the ProjectionsModule. Needs EVENT_STORE and the TypeORM
 * DataSource (global), the ProjectionRunner (lag headers) and AGENT_DIRECTORY (agents' access).
 */
@Module({
  imports: [DirectoryModule, ProjectionsModule],
  controllers: [GetTicketDetailsController, GetTicketHistoryController, GetCustomerController],
  providers: [
    TicketDetailsProjection,
    TicketDetailsReader,
    CustomerViewProjection,
    CustomerViewReader,
    ProjectionLagReader,
    TicketAccess,
  ],
})
export class TicketReadModelsModule {}

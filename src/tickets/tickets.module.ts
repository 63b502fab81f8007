import { Module } from '@nestjs/common';
import { TicketConversationModule } from './ticket-conversation.module';
import { TicketIntakeModule } from './ticket-intake.module';
import { TicketListModule } from './ticket-list.module';
import { TicketReadModelsModule } from './ticket-read-models.module';
import { CustomerTierPropagationModule } from './propagating-customer-tier/customer-tier-propagation.module';

/**
 * The tickets feature: commands (intake, conversation), read models, and the reaction that keeps
 * open tickets' customer tier in step with the customer record.
 */
@Module({
  imports: [
    TicketIntakeModule,
    TicketConversationModule,
    TicketReadModelsModule,
    TicketListModule,
    CustomerTierPropagationModule,
  ],
})
export class TicketsModule {}

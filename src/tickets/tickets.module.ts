import { Module } from '@nestjs/common';
import { TicketConversationModule } from './ticket-conversation.module';
import { TicketIntakeModule } from './ticket-intake.module';
import { TicketListModule } from './ticket-list.module';
import { TicketReadModelsModule } from './ticket-read-models.module';

/** The tickets feature: commands (intake, conversation) and read models. */
@Module({
  imports: [TicketIntakeModule, TicketConversationModule, TicketReadModelsModule, TicketListModule],
})
export class TicketsModule {}

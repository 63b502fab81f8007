import { Module } from '@nestjs/common';
import { DirectoryModule } from '../routing/directory.module';
import { AssignTicketHandler } from './assign-ticket/assign-ticket.command';
import { AssignTicketController } from './assign-ticket/assign-ticket.controller';
import { ClassifyTicketHandler } from './classify-ticket/classify-ticket.command';
import { ClassifyTicketController } from './classify-ticket/classify-ticket.controller';
import { CustomerRecords } from './customers/customer-records';
import { EscalateTicketHandler } from './escalate-ticket/escalate-ticket.command';
import { EscalateTicketController } from './escalate-ticket/escalate-ticket.controller';
import { MergeTicketHandler } from './merge-ticket/merge-ticket.command';
import { MergeTicketController } from './merge-ticket/merge-ticket.controller';
import { OpenTicketHandler } from './open-ticket/open-ticket.command';
import { OpenTicketController } from './open-ticket/open-ticket.controller';
import { ReprioritiseTicketHandler } from './reprioritise-ticket/reprioritise-ticket.command';
import { ReprioritiseTicketController } from './reprioritise-ticket/reprioritise-ticket.controller';
import { TicketAccess } from './ticket-access';
import { TicketCommandRunner } from './ticket-command-runner';
import { UnassignTicketHandler } from './unassign-ticket/unassign-ticket.command';
import { UnassignTicketController } from './unassign-ticket/unassign-ticket.controller';

/**
 * Ticket intake: open, classify, reprioritise, assign, unassign, escalate and merge, each a slice
 * (route → @nestjs/cqrs command → handler → TicketCommandRunner), plus the customer record that
 * opening a ticket keeps up to date. Other features (routing, SLA escalations) send the same
 * commands through the CommandBus (e.g. `new AssignTicketCommand(…, { context })` without a
 * principal), so they take the same path as the API.
 *
 * Needs EVENT_STORE, CLOCK, ID_GENERATOR, APP_CONFIG (global) and AGENT_DIRECTORY (DirectoryModule).
 */
@Module({
  imports: [DirectoryModule],
  controllers: [
    OpenTicketController,
    ClassifyTicketController,
    ReprioritiseTicketController,
    AssignTicketController,
    UnassignTicketController,
    EscalateTicketController,
    MergeTicketController,
  ],
  providers: [
    TicketCommandRunner,
    TicketAccess,
    CustomerRecords,
    OpenTicketHandler,
    ClassifyTicketHandler,
    ReprioritiseTicketHandler,
    AssignTicketHandler,
    UnassignTicketHandler,
    EscalateTicketHandler,
    MergeTicketHandler,
  ],
  exports: [CustomerRecords],
})
export class TicketIntakeModule {}

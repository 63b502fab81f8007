import { Module } from '@nestjs/common';
import { DirectoryModule } from '../routing/directory.module';
import { AddInternalNoteController } from './add-internal-note/add-internal-note.controller';
import { AddInternalNoteHandler } from './add-internal-note/add-internal-note.command';
import { AutoCloseDeadlinesProjection } from './auto-close-solved-tickets/auto-close-deadlines.projection';
import { AutoCloseSolvedTickets } from './auto-close-solved-tickets/auto-close-solved-tickets';
import { CloseTicketController } from './close-ticket/close-ticket.controller';
import { CloseTicketHandler } from './close-ticket/close-ticket.command';
import { MarkTicketPendingController } from './mark-ticket-pending/mark-ticket-pending.controller';
import { MarkTicketPendingHandler } from './mark-ticket-pending/mark-ticket-pending.command';
import { OpenFollowUpTicketHandler } from './open-follow-up-ticket/open-follow-up-ticket.command';
import { PendingFollowUps } from './open-follow-up-ticket/pending-follow-ups';
import { PutTicketOnHoldController } from './put-ticket-on-hold/put-ticket-on-hold.controller';
import { PutTicketOnHoldHandler } from './put-ticket-on-hold/put-ticket-on-hold.command';
import { ReopenTicketController } from './reopen-ticket/reopen-ticket.controller';
import { ReopenTicketHandler } from './reopen-ticket/reopen-ticket.command';
import { ReplyToTicketController } from './reply-to-ticket/reply-to-ticket.controller';
import { ReplyToTicketHandler } from './reply-to-ticket/reply-to-ticket.command';
import { ResumeTicketController } from './resume-ticket/resume-ticket.controller';
import { ResumeTicketHandler } from './resume-ticket/resume-ticket.command';
import { SolveTicketController } from './solve-ticket/solve-ticket.controller';
import { SolveTicketHandler } from './solve-ticket/solve-ticket.command';
import { TicketAccess } from './ticket-access';
import { TicketCommandRunner } from './ticket-command-runner';

/**
 * The ticket conversation and its lifecycle after intake: replies (and the follow-up a customer's
 * message on a closed ticket opens), internal notes, pending / on hold / resume, solve, reopen,
 * close, and the durable auto-close of solved tickets.
 */
@Module({
  // AGENT_DIRECTORY, for the per-ticket access rule.
  imports: [DirectoryModule],
  controllers: [
    ReplyToTicketController,
    AddInternalNoteController,
    MarkTicketPendingController,
    PutTicketOnHoldController,
    ResumeTicketController,
    SolveTicketController,
    ReopenTicketController,
    CloseTicketController,
  ],
  providers: [
    TicketCommandRunner,
    TicketAccess,
    ReplyToTicketHandler,
    OpenFollowUpTicketHandler,
    PendingFollowUps,
    AddInternalNoteHandler,
    MarkTicketPendingHandler,
    PutTicketOnHoldHandler,
    ResumeTicketHandler,
    SolveTicketHandler,
    ReopenTicketHandler,
    CloseTicketHandler,
    AutoCloseDeadlinesProjection,
    AutoCloseSolvedTickets,
  ],
  exports: [AutoCloseSolvedTickets],
})
export class TicketConversationModule {}

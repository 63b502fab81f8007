import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/http/command-context';
import { TicketCommandRunner } from '../ticket-command-runner';
import { TicketAlreadyExists } from '../ticket.errors';
import type { TicketFollowUpRequestedData } from '../ticket.events';
import { followUpCommand } from '../ticket.follow-up';
import type { Ticket } from '../ticket.state';

/** `opened` by this call, or `already_open` (an earlier or concurrent attempt opened it). */
export type FollowUpOpening = 'opened' | 'already_open';

/**
 * The second step of a customer message on a closed ticket: the closed ticket has recorded
 * TicketFollowUpRequested (step one), and this opens the follow-up ticket it names on its own new
 * stream (`no_stream`), linked back through `followUpOf`.
 *
 * The two appends are on two streams and cannot be one transaction. The id is fixed by step one,
 * so repeating this step is harmless: a second attempt finds the stream and answers
 * `already_open` instead of opening another ticket. Whoever sees a request without its ticket
 * (see pending-follow-ups.ts) completes it by sending this command again.
 */
export class OpenFollowUpTicketCommand extends Command<FollowUpOpening> {
  constructor(
    /** The closed ticket as it stands after the request (subject, customer, type, … are copied). */
    readonly closed: Ticket,
    readonly request: TicketFollowUpRequestedData,
    /** The request that relayed the customer's message: its actor opens the follow-up. */
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(OpenFollowUpTicketCommand)
export class OpenFollowUpTicketHandler implements ICommandHandler<
  OpenFollowUpTicketCommand,
  FollowUpOpening
> {
  constructor(private readonly runner: TicketCommandRunner) {}

  async execute({ closed, request, context }: OpenFollowUpTicketCommand): Promise<FollowUpOpening> {
    try {
      await this.runner.run({
        ticketId: request.followUpTicketId,
        context,
        build: (_state, now) => followUpCommand(closed, request, { actor: context.actor, now }),
      });
      return 'opened';
    } catch (error) {
      if (error instanceof TicketAlreadyExists) return 'already_open';
      throw error;
    }
  }
}

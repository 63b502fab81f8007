import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';

/** Back to open from pending or on hold, by hand. */
export class ResumeTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly ticketId: string,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(ResumeTicketCommand)
export class ResumeTicketHandler implements ICommandHandler<
  ResumeTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ ticketId, caller }: ResumeTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'ResumeTicket',
          data: { ticketId },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

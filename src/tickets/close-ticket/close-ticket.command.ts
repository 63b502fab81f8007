import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';

export type CloseTicketInput =
  { readonly mode: 'manual' } | { readonly mode: 'automatic'; readonly solvedAt: string };

/**
 * Final. `manual` by a person; `automatic` by the auto-close timer (the system actor, no
 * principal), naming the solve it was scheduled for.
 */
export class CloseTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly ticketId: string,
    readonly input: CloseTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(CloseTicketCommand)
export class CloseTicketHandler implements ICommandHandler<
  CloseTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ ticketId, input, caller }: CloseTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'CloseTicket',
          data: { ticketId, ...input },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

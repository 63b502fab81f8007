import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';

export type MarkTicketPendingInput = { readonly reason?: string };

/** Waiting on the customer: from open or on hold. */
export class MarkTicketPendingCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly ticketId: string,
    readonly input: MarkTicketPendingInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(MarkTicketPendingCommand)
export class MarkTicketPendingHandler implements ICommandHandler<
  MarkTicketPendingCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ ticketId, input, caller }: MarkTicketPendingCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'MarkTicketPending',
          data: { ticketId, ...input },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

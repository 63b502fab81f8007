import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';

export type SolveTicketInput = { readonly resolutionCode: string; readonly summary: string };

/** Solved with a resolution; closes automatically after AUTO_CLOSE_AFTER business days. */
export class SolveTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly ticketId: string,
    readonly input: SolveTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(SolveTicketCommand)
export class SolveTicketHandler implements ICommandHandler<
  SolveTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ ticketId, input, caller }: SolveTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'SolveTicket',
          data: { ticketId, ...input },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

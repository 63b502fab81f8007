import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { UnassignScope } from '../ticket.commands';

export interface UnassignTicketInput {
  readonly ticketId: string;
  readonly scope: UnassignScope;
}

export class UnassignTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: UnassignTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(UnassignTicketCommand)
export class UnassignTicketHandler implements ICommandHandler<
  UnassignTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ input, caller }: UnassignTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId: input.ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'UnassignTicket',
          data: { ticketId: input.ticketId, scope: input.scope },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

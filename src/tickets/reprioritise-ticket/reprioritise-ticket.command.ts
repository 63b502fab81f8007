import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { Priority } from '../ticket.values';

export interface ReprioritiseTicketInput {
  readonly ticketId: string;
  readonly priority: Priority;
  readonly reason: string;
}

export class ReprioritiseTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: ReprioritiseTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(ReprioritiseTicketCommand)
export class ReprioritiseTicketHandler implements ICommandHandler<
  ReprioritiseTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ input, caller }: ReprioritiseTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId: input.ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'ReprioritiseTicket',
          data: { ticketId: input.ticketId, priority: input.priority, reason: input.reason },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';

export type PutTicketOnHoldInput = { readonly reason?: string };

/** Waiting on a third party: from open or pending. */
export class PutTicketOnHoldCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly ticketId: string,
    readonly input: PutTicketOnHoldInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(PutTicketOnHoldCommand)
export class PutTicketOnHoldHandler implements ICommandHandler<
  PutTicketOnHoldCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ ticketId, input, caller }: PutTicketOnHoldCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'PutTicketOnHold',
          data: { ticketId, ...input },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

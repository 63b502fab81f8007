import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';

export type AddInternalNoteInput = { readonly body: string };

/** An internal note: staff only, never shown to customers, never a response. */
export class AddInternalNoteCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly ticketId: string,
    readonly input: AddInternalNoteInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(AddInternalNoteCommand)
export class AddInternalNoteHandler implements ICommandHandler<
  AddInternalNoteCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ ticketId, input, caller }: AddInternalNoteCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'AddInternalNote',
          data: { ticketId, ...input },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

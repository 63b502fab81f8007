import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { TicketType } from '../ticket.values';

export interface ClassifyTicketInput {
  readonly ticketId: string;
  readonly type?: TicketType;
  readonly tags?: readonly string[];
  readonly productArea?: string | null;
}

export class ClassifyTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: ClassifyTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(ClassifyTicketCommand)
export class ClassifyTicketHandler implements ICommandHandler<
  ClassifyTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  execute({ input, caller }: ClassifyTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId: input.ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        return {
          type: 'ClassifyTicket',
          data: {
            ticketId: input.ticketId,
            type: input.type,
            tags: input.tags,
            productArea: input.productArea,
          },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

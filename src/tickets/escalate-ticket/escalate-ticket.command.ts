import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../routing/agent-directory.port';
import { entryOf } from '../assign-ticket/assign-ticket.command';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { SupportLevel } from '../ticket.values';

export interface EscalateTicketInput {
  readonly ticketId: string;
  readonly level?: SupportLevel;
  readonly teamId?: string;
  readonly reason: string;
}

/** Escalates to a support level and/or team; the SLA escalation steps can send it as the system. */
export class EscalateTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: EscalateTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(EscalateTicketCommand)
export class EscalateTicketHandler implements ICommandHandler<
  EscalateTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
  ) {}

  execute({ input, caller }: EscalateTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId: input.ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        const team =
          input.teamId === undefined ? undefined : await this.directory.team(input.teamId);
        return {
          type: 'EscalateTicket',
          data: {
            ticketId: input.ticketId,
            level: input.level,
            team: entryOf(team),
            reason: input.reason,
          },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

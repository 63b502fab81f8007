import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../routing/agent-directory.port';
import type { TicketCommandCaller } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketCommandRunner, type TicketCommandOutcome } from '../ticket-command-runner';
import type { DirectoryEntry } from '../ticket.commands';
import type { TicketAssignmentRouting } from '../ticket.events';

export interface AssignTicketInput {
  readonly ticketId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  /** The router's decision (rule, team, strategy, reason), recorded on TicketAssigned. */
  readonly routing?: TicketAssignmentRouting;
}

/**
 * Assigns an agent and/or team. The routing feature assigns automatically through this same
 * command (with the system actor and no principal).
 */
export class AssignTicketCommand extends Command<TicketCommandOutcome> {
  constructor(
    readonly input: AssignTicketInput,
    readonly caller: TicketCommandCaller,
  ) {
    super();
  }
}

@CommandHandler(AssignTicketCommand)
export class AssignTicketHandler implements ICommandHandler<
  AssignTicketCommand,
  TicketCommandOutcome
> {
  constructor(
    private readonly runner: TicketCommandRunner,
    private readonly access: TicketAccess,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
  ) {}

  execute({ input, caller }: AssignTicketCommand): Promise<TicketCommandOutcome> {
    return this.runner.run({
      ticketId: input.ticketId,
      context: caller.context,
      ifMatch: caller.ifMatch,
      build: async (state, now) => {
        if (caller.principal) await this.access.assertMayAct(caller.principal, state);
        // Looked up on every attempt: an agent deactivated meanwhile must not get the ticket.
        const [agent, team] = await Promise.all([
          input.agentId === undefined ? undefined : this.directory.agent(input.agentId),
          input.teamId === undefined ? undefined : this.directory.team(input.teamId),
        ]);
        return {
          type: 'AssignTicket',
          data: {
            ticketId: input.ticketId,
            agent: entryOf(agent),
            team: entryOf(team),
            ...(input.routing ? { routing: input.routing } : {}),
          },
          metadata: { actor: caller.context.actor, now },
        };
      },
    });
  }
}

/** Only what the decider judges: the id and whether it is active, deactivated or unknown. */
export function entryOf(
  entry: { readonly id: string; readonly status: DirectoryEntry['status'] } | undefined,
): DirectoryEntry | undefined {
  return entry === undefined ? undefined : { id: entry.id, status: entry.status };
}

import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DomainError } from '../platform/http/domain-error';
import { AGENT_DIRECTORY, type AgentDirectory } from '../routing/agent-directory.port';
import type { TicketState } from './ticket.state';

export class TicketAccessDenied extends DomainError {
  constructor(ticketId: string) {
    super({
      type: 'ticket-access-denied',
      title: 'Not a ticket of your teams',
      detail: `Ticket ${ticketId} is neither assigned to you nor in one of your teams.`,
      status: 403,
    });
  }
}

/**
 * Who may act on or read a ticket: admins and supervisors on all; agents on tickets assigned to
 * them or in one of their teams; auditors read everything and change nothing; integrators see
 * tickets only through the event feed. Role checks per route are done by @Roles; this adds the
 * per-ticket rule for agents.
 */
@Injectable()
export class TicketAccess {
  constructor(@Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory) {}

  async assertMayAct(principal: Principal, state: TicketState): Promise<void> {
    if (principal.role === 'admin' || principal.role === 'supervisor') return;
    if (
      principal.role === 'agent' &&
      state.exists &&
      (await this.agentMayTouch(principal.principalId, state))
    ) {
      return;
    }
    if (!state.exists) return; // the decider answers 404 for a ticket that does not exist
    throw new TicketAccessDenied(state.id);
  }

  async assertMayRead(
    principal: Principal,
    ticket: { id: string; assigneeId: string | null; teamId: string | null },
  ): Promise<void> {
    if (
      principal.role === 'admin' ||
      principal.role === 'supervisor' ||
      principal.role === 'auditor'
    )
      return;
    if (principal.role === 'agent' && (await this.agentMayTouch(principal.principalId, ticket)))
      return;
    throw new TicketAccessDenied(ticket.id);
  }

  /** For list queries: the team ids an agent may see tickets of (besides those assigned to them). */
  async visibleTeamIds(principal: Principal): Promise<readonly string[] | 'all'> {
    if (principal.role === 'agent')
      return (await this.directory.agent(principal.principalId)).teamIds;
    return 'all';
  }

  private async agentMayTouch(
    agentId: string,
    ticket: { assigneeId: string | null; teamId: string | null },
  ): Promise<boolean> {
    if (ticket.assigneeId === agentId) return true;
    if (ticket.teamId === null) return false;
    const agent = await this.directory.agent(agentId);
    return agent.status === 'active' && agent.teamIds.includes(ticket.teamId);
  }
}

import { DomainError } from '../../platform/http/domain-error';

/** An agent key asked for another agent's work list or load: agents see only their own. */
export class AgentWorkForbidden extends DomainError {
  constructor(agentId: string) {
    super({
      type: 'agent-work-forbidden',
      title: "Another agent's work is not yours to read",
      detail: `An agent key may read only its own work list and load, not agent ${agentId}'s.`,
      status: 403,
      extensions: { agentId },
    });
  }
}

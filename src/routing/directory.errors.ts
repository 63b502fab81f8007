/**
 * The rules an agent or team command can break. Each is a DomainError: the problem-details filter
 * renders it with `type` https://servicetrail.dev/problems/<type>, its status and extensions.
 * Slugs are part of the API: never rename one.
 *
 * 404 no such agent/team; 409 the command conflicts with the current state (registering twice,
 * deactivating twice, a deactivated agent going online); 422 the command itself breaks a rule
 * whatever the state (a skill level of 7, a negative capacity, an unknown team); 403 an agent
 * changing another agent's availability.
 */
import { DomainError } from '../platform/http/domain-error';

/** Base of every agent/team rule violation, so callers can catch them as a group. */
export class DirectoryError extends DomainError {}

export class AgentNotFound extends DirectoryError {
  constructor(agentId: string) {
    super({
      type: 'agent-not-found',
      title: 'The agent does not exist',
      detail: `There is no agent ${agentId}.`,
      status: 404,
      extensions: { agentId },
    });
  }
}

export class AgentAlreadyRegistered extends DirectoryError {
  constructor(agentId: string) {
    super({
      type: 'agent-already-registered',
      title: 'The agent already exists',
      detail: `Agent ${agentId} is already registered.`,
      status: 409,
      extensions: { agentId },
    });
  }
}

export class AgentAlreadyDeactivated extends DirectoryError {
  constructor(agentId: string) {
    super({
      type: 'agent-already-deactivated',
      title: 'The agent is already deactivated',
      detail: `Agent ${agentId} is already deactivated.`,
      status: 409,
      extensions: { agentId },
    });
  }
}

export class AgentAlreadyActive extends DirectoryError {
  constructor(agentId: string) {
    super({
      type: 'agent-already-active',
      title: 'The agent is already active',
      detail: `Agent ${agentId} is active; only a deactivated agent can be reactivated.`,
      status: 409,
      extensions: { agentId },
    });
  }
}

/** A deactivated agent takes no work, so it cannot come online or away. */
export class AgentInactive extends DirectoryError {
  constructor(agentId: string) {
    super({
      type: 'agent-deactivated',
      title: 'The agent is deactivated',
      detail: `Agent ${agentId} is deactivated; reactivate it before changing its availability.`,
      status: 409,
      extensions: { agentId },
    });
  }
}

export class AvailabilityChangeForbidden extends DirectoryError {
  constructor(agentId: string) {
    super({
      type: 'availability-change-forbidden',
      title: 'Agents change only their own availability',
      detail: `Only agent ${agentId} itself, a supervisor or an admin may change its availability.`,
      status: 403,
      extensions: { agentId },
    });
  }
}

/** A field value that breaks a rule the DTO cannot express (duplicates, per-channel caps, …). */
export class InvalidDirectoryValue extends DirectoryError {
  constructor(field: string, detail: string) {
    super({
      type: 'invalid-directory-value',
      title: 'A value breaks a directory rule',
      detail,
      status: 422,
      extensions: { field },
    });
  }
}

export class UnknownTeam extends DirectoryError {
  constructor(teamId: string, field: string) {
    super({
      type: 'unknown-team',
      title: 'The team does not exist',
      detail: `There is no team ${teamId}.`,
      status: 422,
      extensions: { teamId, field },
    });
  }
}

export class InactiveTeam extends DirectoryError {
  constructor(teamId: string, field: string) {
    super({
      type: 'team-deactivated',
      title: 'The team is deactivated',
      detail: `Team ${teamId} is deactivated and cannot take new members or escalations.`,
      status: 422,
      extensions: { teamId, field },
    });
  }
}

export class TeamNotFound extends DirectoryError {
  constructor(teamId: string) {
    super({
      type: 'team-not-found',
      title: 'The team does not exist',
      detail: `There is no team ${teamId}.`,
      status: 404,
      extensions: { teamId },
    });
  }
}

export class TeamAlreadyExists extends DirectoryError {
  constructor(teamId: string) {
    super({
      type: 'team-already-exists',
      title: 'The team already exists',
      detail: `Team ${teamId} already exists.`,
      status: 409,
      extensions: { teamId },
    });
  }
}

export class TeamAlreadyDeactivated extends DirectoryError {
  constructor(teamId: string) {
    super({
      type: 'team-already-deactivated',
      title: 'The team is already deactivated',
      detail: `Team ${teamId} is already deactivated.`,
      status: 409,
      extensions: { teamId },
    });
  }
}

export class TeamAlreadyActive extends DirectoryError {
  constructor(teamId: string) {
    super({
      type: 'team-already-active',
      title: 'The team is already active',
      detail: `Team ${teamId} is active; only a deactivated team can be reactivated.`,
      status: 409,
      extensions: { teamId },
    });
  }
}

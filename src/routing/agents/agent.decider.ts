/**
 * The agent decider: `decide(command, state)` returns the events a command records, or throws a
 * DirectoryError; `evolveAgent` (agent.state.ts) folds them. Pure: no I/O, the time is
 * `command.at`, the teams a membership names come looked up in the command.
 *
 * - Every command but RegisterAgent needs a registered agent (404 otherwise); registering twice
 *   is 409.
 * - A change to the value the agent already has records nothing (retries and PATCHes that repeat
 *   the current value are harmless and leave no noise in the history).
 * - Deactivating a deactivated agent, or reactivating an active one, is 409: unlike a repeated
 *   value, these are state transitions the caller believed possible.
 * - Deactivation takes the agent offline first (AgentAvailabilityChanged, then AgentDeactivated)
 *   so that availability consumers (the router, queues) need not know about deactivation; a
 *   reactivated agent stays offline until it signs in. A deactivated agent cannot change its
 *   availability (409); its profile, skills, teams, capacity and level may still be edited.
 * - Membership: teams joined must exist and be active (422); leaving is always allowed.
 */
import {
  optionalReason,
  requireCapacity,
  requireEmail,
  requireLanguages,
  requireMembership,
  requireName,
  requireSkills,
  requireSupportLevel,
} from '../directory.rules';
import {
  AgentAlreadyActive,
  AgentAlreadyDeactivated,
  AgentAlreadyRegistered,
  AgentInactive,
  AgentNotFound,
} from '../directory.errors';
import { agentStreamName, sameJson } from '../directory.values';
import type { StreamDecider } from '../shared/stream-decider';
import type {
  AgentCommand,
  ChangeAgentAvailability,
  ChangeAgentCapacity,
  ChangeAgentSkills,
  ChangeAgentSupportLevel,
  ChangeAgentTeams,
  DeactivateAgent,
  ReactivateAgent,
  RegisterAgent,
  UpdateAgentProfile,
} from './agent.commands';
import { agentEventSchemaVersion, isAgentEventType, type AgentEvent } from './agent.events';
import { evolveAgent, initialAgentState, type Agent, type AgentState } from './agent.state';

export function decideAgent(command: AgentCommand, state: AgentState): AgentEvent[] {
  if (command.type === 'RegisterAgent') return register(command, state);
  if (!state.exists) throw new AgentNotFound(command.agentId);
  switch (command.type) {
    case 'UpdateAgentProfile':
      return updateProfile(command, state);
    case 'ChangeAgentSkills':
      return changeSkills(command, state);
    case 'ChangeAgentTeams':
      return changeTeams(command, state);
    case 'ChangeAgentCapacity':
      return changeCapacity(command, state);
    case 'ChangeAgentSupportLevel':
      return changeSupportLevel(command, state);
    case 'DeactivateAgent':
      return deactivate(command, state);
    case 'ReactivateAgent':
      return reactivate(command, state);
    case 'ChangeAgentAvailability':
      return changeAvailability(command, state);
  }
}

/**
 * Several commands decided one after the other against the evolving state (a PATCH that changes
 * skills and capacity at once): all or nothing, appended together.
 */
export function decideAgentCommands(
  commands: readonly AgentCommand[],
  state: AgentState,
): AgentEvent[] {
  const events: AgentEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decideAgent(command, current);
    for (const event of decided) current = evolveAgent(current, event);
    events.push(...decided);
  }
  return events;
}

function register(command: RegisterAgent, state: AgentState): AgentEvent[] {
  const d = command.data;
  if (state.exists) throw new AgentAlreadyRegistered(state.id);
  return [
    {
      type: 'AgentRegistered',
      data: {
        agentId: command.agentId,
        name: requireName('name', d.name),
        email: requireEmail(d.email),
        languages: requireLanguages(d.languages),
        skills: requireSkills('skills', d.skills),
        teamIds: requireMembership(d.teams, []),
        capacity: requireCapacity(d.capacity),
        supportLevel: requireSupportLevel(d.supportLevel),
        registeredAt: command.at,
      },
    },
  ];
}

function updateProfile(command: UpdateAgentProfile, agent: Agent): AgentEvent[] {
  const d = command.data;
  const name = d.name === undefined ? agent.name : requireName('name', d.name);
  const email = d.email === undefined ? agent.email : requireEmail(d.email);
  const languages = d.languages === undefined ? agent.languages : requireLanguages(d.languages);
  if (name === agent.name && email === agent.email && sameJson(languages, agent.languages)) {
    return [];
  }
  return [
    {
      type: 'AgentProfileUpdated',
      data: {
        agentId: agent.id,
        name,
        email,
        languages,
        previousName: agent.name,
        previousEmail: agent.email,
        previousLanguages: agent.languages,
        updatedAt: command.at,
      },
    },
  ];
}

function changeSkills(command: ChangeAgentSkills, agent: Agent): AgentEvent[] {
  const skills = requireSkills('skills', command.data.skills);
  if (sameJson(skills, agent.skills)) return [];
  return [
    {
      type: 'AgentSkillsChanged',
      data: { agentId: agent.id, skills, previousSkills: agent.skills, changedAt: command.at },
    },
  ];
}

function changeTeams(command: ChangeAgentTeams, agent: Agent): AgentEvent[] {
  const teamIds = requireMembership(command.data.teams, agent.teamIds);
  if (sameJson(teamIds, agent.teamIds)) return [];
  return [
    {
      type: 'AgentTeamsChanged',
      data: {
        agentId: agent.id,
        teamIds,
        previousTeamIds: agent.teamIds,
        addedTeamIds: teamIds.filter((id) => !agent.teamIds.includes(id)),
        removedTeamIds: agent.teamIds.filter((id) => !teamIds.includes(id)),
        changedAt: command.at,
      },
    },
  ];
}

function changeCapacity(command: ChangeAgentCapacity, agent: Agent): AgentEvent[] {
  const capacity = requireCapacity(command.data.capacity);
  if (sameJson(capacity, agent.capacity)) return [];
  return [
    {
      type: 'AgentCapacityChanged',
      data: {
        agentId: agent.id,
        capacity,
        previousCapacity: agent.capacity,
        changedAt: command.at,
      },
    },
  ];
}

function changeSupportLevel(command: ChangeAgentSupportLevel, agent: Agent): AgentEvent[] {
  const supportLevel = requireSupportLevel(command.data.supportLevel);
  if (supportLevel === agent.supportLevel) return [];
  return [
    {
      type: 'AgentSupportLevelChanged',
      data: {
        agentId: agent.id,
        supportLevel,
        previousSupportLevel: agent.supportLevel,
        changedAt: command.at,
      },
    },
  ];
}

function deactivate(command: DeactivateAgent, agent: Agent): AgentEvent[] {
  if (!agent.active) throw new AgentAlreadyDeactivated(agent.id);
  const reason = optionalReason(command.data.reason);
  const events: AgentEvent[] = [];
  if (agent.availability !== 'offline') {
    events.push({
      type: 'AgentAvailabilityChanged',
      data: {
        agentId: agent.id,
        availability: 'offline',
        previousAvailability: agent.availability,
        changedAt: command.at,
      },
    });
  }
  events.push({
    type: 'AgentDeactivated',
    data: { agentId: agent.id, reason, deactivatedAt: command.at },
  });
  return events;
}

function reactivate(command: ReactivateAgent, agent: Agent): AgentEvent[] {
  if (agent.active) throw new AgentAlreadyActive(agent.id);
  return [{ type: 'AgentReactivated', data: { agentId: agent.id, reactivatedAt: command.at } }];
}

function changeAvailability(command: ChangeAgentAvailability, agent: Agent): AgentEvent[] {
  if (!agent.active) throw new AgentInactive(agent.id);
  const availability = command.data.availability;
  if (availability === agent.availability) return [];
  return [
    {
      type: 'AgentAvailabilityChanged',
      data: {
        agentId: agent.id,
        availability,
        previousAvailability: agent.availability,
        changedAt: command.at,
      },
    },
  ];
}

/** The agent decider as the stream command runner uses it. */
export const AGENT_DECIDER: StreamDecider<AgentState, AgentCommand, AgentEvent> = {
  streamName: agentStreamName,
  initialState: initialAgentState,
  evolve: evolveAgent,
  decide: decideAgentCommands,
  isEventType: isAgentEventType,
  schemaVersionOf: agentEventSchemaVersion,
};

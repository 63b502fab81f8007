/**
 * An agent as folded from its stream. `evolve` trusts the events (the decider validated them);
 * it never throws, so old streams always fold.
 */
import type { AgentSupportLevel, Availability, Capacity, Skill } from '../directory.values';
import type { AgentEvent } from './agent.events';

export interface NoAgent {
  readonly exists: false;
}

export interface Agent {
  readonly exists: true;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly languages: readonly string[];
  readonly skills: readonly Skill[];
  readonly teamIds: readonly string[];
  readonly capacity: Capacity;
  readonly supportLevel: AgentSupportLevel;
  readonly active: boolean;
  readonly availability: Availability;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export type AgentState = NoAgent | Agent;

export function initialAgentState(): AgentState {
  return { exists: false };
}

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  if (event.type === 'AgentRegistered') {
    const d = event.data;
    return {
      exists: true,
      id: d.agentId,
      name: d.name,
      email: d.email,
      languages: d.languages,
      skills: d.skills,
      teamIds: d.teamIds,
      capacity: d.capacity,
      supportLevel: d.supportLevel,
      active: true,
      availability: 'offline',
      registeredAt: d.registeredAt,
      updatedAt: d.registeredAt,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'AgentProfileUpdated':
      return {
        ...state,
        name: event.data.name,
        email: event.data.email,
        languages: event.data.languages,
        updatedAt: event.data.updatedAt,
      };
    case 'AgentSkillsChanged':
      return { ...state, skills: event.data.skills, updatedAt: event.data.changedAt };
    case 'AgentTeamsChanged':
      return { ...state, teamIds: event.data.teamIds, updatedAt: event.data.changedAt };
    case 'AgentCapacityChanged':
      return { ...state, capacity: event.data.capacity, updatedAt: event.data.changedAt };
    case 'AgentSupportLevelChanged':
      return { ...state, supportLevel: event.data.supportLevel, updatedAt: event.data.changedAt };
    case 'AgentDeactivated':
      return { ...state, active: false, updatedAt: event.data.deactivatedAt };
    case 'AgentReactivated':
      return { ...state, active: true, updatedAt: event.data.reactivatedAt };
    case 'AgentAvailabilityChanged':
      return { ...state, availability: event.data.availability, updatedAt: event.data.changedAt };
  }
}

export function foldAgent(events: Iterable<AgentEvent>): AgentState {
  let state = initialAgentState();
  for (const event of events) state = evolveAgent(state, event);
  return state;
}

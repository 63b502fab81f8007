/** A team as folded from its stream (its members are derived elsewhere, see team.events.ts). */
import type { TeamEvent, TeamSettings } from './team.events';

export interface NoTeam {
  readonly exists: false;
}

export interface Team extends Required<TeamSettings> {
  readonly exists: true;
  readonly id: string;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type TeamState = NoTeam | Team;

export function initialTeamState(): TeamState {
  return { exists: false };
}

export function settingsOf(team: TeamSettings): Required<TeamSettings> {
  return {
    name: team.name,
    strategy: team.strategy,
    defaultSkills: team.defaultSkills,
    escalationTeamId: team.escalationTeamId,
    requeueUnansweredOnOffline: team.requeueUnansweredOnOffline,
    pendingFreesCapacity: team.pendingFreesCapacity ?? false,
  };
}

export function evolveTeam(state: TeamState, event: TeamEvent): TeamState {
  if (event.type === 'TeamCreated') {
    return {
      exists: true,
      id: event.data.teamId,
      ...settingsOf(event.data),
      active: true,
      createdAt: event.data.createdAt,
      updatedAt: event.data.createdAt,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'TeamUpdated':
      return { ...state, ...settingsOf(event.data), updatedAt: event.data.updatedAt };
    case 'TeamDeactivated':
      return { ...state, active: false, updatedAt: event.data.deactivatedAt };
    case 'TeamReactivated':
      return { ...state, active: true, updatedAt: event.data.reactivatedAt };
  }
}

export function foldTeam(events: Iterable<TeamEvent>): TeamState {
  let state = initialTeamState();
  for (const event of events) state = evolveTeam(state, event);
  return state;
}

/**
 * The team decider: `decideTeam(command, state)` returns the events a command records or throws a
 * DirectoryError. Pure: the time is `command.at`, the escalation team comes looked up.
 *
 * - Every command but CreateTeam needs an existing team (404); creating twice is 409.
 * - An update that changes nothing records nothing; one that changes several settings records
 *   one TeamUpdated with the full settings before and after and the names of those that changed.
 * - The escalation team must exist, be active and not be the team itself (422). A team already
 *   pointing at an escalation team that has been deactivated since keeps it until changed.
 * - Deactivating twice / reactivating an active team is 409. Deactivation leaves memberships
 *   alone (they are on the agents' streams): the directory reports the team `deactivated`, so no
 *   new tickets or members are assigned to it, and its agents stay members until moved.
 */
import { optionalReason, requireName, requireSkills } from '../directory.rules';
import {
  InactiveTeam,
  InvalidDirectoryValue,
  TeamAlreadyActive,
  TeamAlreadyDeactivated,
  TeamAlreadyExists,
  TeamNotFound,
  UnknownTeam,
} from '../directory.errors';
import {
  ASSIGNMENT_STRATEGIES,
  sameJson,
  teamStreamName,
  type AssignmentStrategy,
} from '../directory.values';
import type { StreamDecider } from '../shared/stream-decider';
import type { TeamEntry } from '../agent-directory.port';
import type {
  CreateTeam,
  DeactivateTeam,
  ReactivateTeam,
  TeamCommand,
  UpdateTeam,
} from './team.commands';
import {
  isTeamEventType,
  teamEventSchemaVersion,
  type TeamEvent,
  type TeamSettings,
} from './team.events';
import { evolveTeam, initialTeamState, settingsOf, type Team, type TeamState } from './team.state';

export function decideTeam(command: TeamCommand, state: TeamState): TeamEvent[] {
  if (command.type === 'CreateTeam') return create(command, state);
  if (!state.exists) throw new TeamNotFound(command.teamId);
  switch (command.type) {
    case 'UpdateTeam':
      return update(command, state);
    case 'DeactivateTeam':
      return deactivate(command, state);
    case 'ReactivateTeam':
      return reactivate(command, state);
  }
}

/** Several commands decided one after another against the evolving state (one PATCH). */
export function decideTeamCommands(
  commands: readonly TeamCommand[],
  state: TeamState,
): TeamEvent[] {
  const events: TeamEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decideTeam(command, current);
    for (const event of decided) current = evolveTeam(current, event);
    events.push(...decided);
  }
  return events;
}

function requireStrategy(strategy: string): AssignmentStrategy {
  if (!(ASSIGNMENT_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new InvalidDirectoryValue('strategy', 'strategy must be least_loaded or round_robin.');
  }
  return strategy as AssignmentStrategy;
}

function escalationTeamIdOf(
  teamId: string,
  entry: TeamEntry | null | undefined,
  current: string | null,
): string | null {
  if (entry === undefined) return current;
  if (entry === null) return null;
  if (entry.id === current) return current;
  if (entry.id === teamId) {
    throw new InvalidDirectoryValue('escalationTeamId', 'A team cannot escalate to itself.');
  }
  if (entry.status === 'unknown') throw new UnknownTeam(entry.id, 'escalationTeamId');
  if (entry.status === 'deactivated') throw new InactiveTeam(entry.id, 'escalationTeamId');
  return entry.id;
}

function create(command: CreateTeam, state: TeamState): TeamEvent[] {
  if (state.exists) throw new TeamAlreadyExists(state.id);
  const d = command.data;
  return [
    {
      type: 'TeamCreated',
      data: {
        teamId: command.teamId,
        name: requireName('name', d.name),
        strategy: requireStrategy(d.strategy),
        defaultSkills: requireSkills('defaultSkills', d.defaultSkills),
        escalationTeamId: escalationTeamIdOf(command.teamId, d.escalationTeam, null),
        requeueUnansweredOnOffline: d.requeueUnansweredOnOffline ?? false,
        pendingFreesCapacity: d.pendingFreesCapacity ?? false,
        createdAt: command.at,
      },
    },
  ];
}

function update(command: UpdateTeam, team: Team): TeamEvent[] {
  const d = command.data;
  const previous = settingsOf(team);
  const next: Required<TeamSettings> = {
    name: d.name === undefined ? team.name : requireName('name', d.name),
    strategy: d.strategy === undefined ? team.strategy : requireStrategy(d.strategy),
    defaultSkills:
      d.defaultSkills === undefined
        ? team.defaultSkills
        : requireSkills('defaultSkills', d.defaultSkills),
    escalationTeamId: escalationTeamIdOf(team.id, d.escalationTeam, team.escalationTeamId),
    requeueUnansweredOnOffline: d.requeueUnansweredOnOffline ?? team.requeueUnansweredOnOffline,
    pendingFreesCapacity: d.pendingFreesCapacity ?? team.pendingFreesCapacity,
  };
  const changed = (Object.keys(next) as (keyof TeamSettings)[]).filter(
    (key) => !sameJson(next[key], previous[key]),
  );
  if (changed.length === 0) return [];
  return [
    {
      type: 'TeamUpdated',
      data: { teamId: team.id, ...next, previous, changed, updatedAt: command.at },
    },
  ];
}

function deactivate(command: DeactivateTeam, team: Team): TeamEvent[] {
  if (!team.active) throw new TeamAlreadyDeactivated(team.id);
  return [
    {
      type: 'TeamDeactivated',
      data: {
        teamId: team.id,
        reason: optionalReason(command.data.reason),
        deactivatedAt: command.at,
      },
    },
  ];
}

function reactivate(command: ReactivateTeam, team: Team): TeamEvent[] {
  if (team.active) throw new TeamAlreadyActive(team.id);
  return [{ type: 'TeamReactivated', data: { teamId: team.id, reactivatedAt: command.at } }];
}

/** The team decider as the stream command runner uses it. */
export const TEAM_DECIDER: StreamDecider<TeamState, TeamCommand, TeamEvent> = {
  streamName: teamStreamName,
  initialState: initialTeamState,
  evolve: evolveTeam,
  decide: decideTeamCommands,
  isEventType: isTeamEventType,
  schemaVersionOf: teamEventSchemaVersion,
};

/**
 * What may be asked of a team. `at` is the decision time from the clock; the escalation team, when
 * one is named, comes looked up by the handler (as the directory sees it) so the decider stays pure.
 */
import type { TeamEntry } from '../agent-directory.port';
import type { AssignmentStrategy, Skill } from '../directory.values';

type CommandOf<TType extends string, TData> = {
  readonly type: TType;
  /** The team (stream `team-<teamId>`) the command is about. */
  readonly teamId: string;
  readonly data: TData;
  readonly at: string;
};

export type CreateTeam = CommandOf<
  'CreateTeam',
  {
    readonly name: string;
    readonly strategy: AssignmentStrategy;
    readonly defaultSkills: readonly Skill[];
    /** The escalation team as the directory knows it; null or absent: none. */
    readonly escalationTeam?: TeamEntry | null;
    readonly requeueUnansweredOnOffline?: boolean;
    readonly pendingFreesCapacity?: boolean;
  }
>;

/** Absent fields stay as they are; `escalationTeam: null` removes the escalation team. */
export type UpdateTeam = CommandOf<
  'UpdateTeam',
  {
    readonly name?: string;
    readonly strategy?: AssignmentStrategy;
    readonly defaultSkills?: readonly Skill[];
    readonly escalationTeam?: TeamEntry | null;
    readonly requeueUnansweredOnOffline?: boolean;
    readonly pendingFreesCapacity?: boolean;
  }
>;

export type DeactivateTeam = CommandOf<'DeactivateTeam', { readonly reason?: string | null }>;
export type ReactivateTeam = CommandOf<'ReactivateTeam', Record<never, never>>;

export type TeamCommand = CreateTeam | UpdateTeam | DeactivateTeam | ReactivateTeam;
export type TeamCommandType = TeamCommand['type'];

/**
 * What may be asked of an agent. Each command carries `at` (the decision time, ISO-8601, from the
 * injected clock) and whatever the decider needs to know about other streams, looked up by the
 * handler beforehand (the teams named in a membership, as the directory sees them): the decider
 * stays pure.
 */
import type { TeamEntry } from '../agent-directory.port';
import type { Availability, Skill } from '../directory.values';

type CommandOf<TType extends string, TData> = {
  readonly type: TType;
  /** The agent (stream `agent-<agentId>`) the command is about. */
  readonly agentId: string;
  readonly data: TData;
  /** When the command is decided (ISO-8601 from the clock). */
  readonly at: string;
};

export interface CapacityInput {
  readonly max: number;
  readonly perChannel?: Readonly<Record<string, number>>;
}

export type RegisterAgent = CommandOf<
  'RegisterAgent',
  {
    readonly name: string;
    readonly email: string;
    readonly languages: readonly string[];
    readonly skills: readonly Skill[];
    /** Every team named, as the directory knows it (unknown / deactivated teams are refused). */
    readonly teams: readonly TeamEntry[];
    readonly capacity: CapacityInput;
    /** 1–3. */
    readonly supportLevel: number;
  }
>;

export type UpdateAgentProfile = CommandOf<
  'UpdateAgentProfile',
  {
    readonly name?: string;
    readonly email?: string;
    readonly languages?: readonly string[];
  }
>;

export type ChangeAgentSkills = CommandOf<
  'ChangeAgentSkills',
  { readonly skills: readonly Skill[] }
>;

/** The full new membership. Teams the agent joins must be active; leaving any team is allowed. */
export type ChangeAgentTeams = CommandOf<
  'ChangeAgentTeams',
  { readonly teams: readonly TeamEntry[] }
>;

export type ChangeAgentCapacity = CommandOf<
  'ChangeAgentCapacity',
  { readonly capacity: CapacityInput }
>;

export type ChangeAgentSupportLevel = CommandOf<
  'ChangeAgentSupportLevel',
  { readonly supportLevel: number }
>;

export type DeactivateAgent = CommandOf<'DeactivateAgent', { readonly reason?: string | null }>;

export type ReactivateAgent = CommandOf<'ReactivateAgent', Record<never, never>>;

export type ChangeAgentAvailability = CommandOf<
  'ChangeAgentAvailability',
  { readonly availability: Availability }
>;

export type AgentCommand =
  | RegisterAgent
  | UpdateAgentProfile
  | ChangeAgentSkills
  | ChangeAgentTeams
  | ChangeAgentCapacity
  | ChangeAgentSupportLevel
  | DeactivateAgent
  | ReactivateAgent
  | ChangeAgentAvailability;

export type AgentCommandType = AgentCommand['type'];

/**
 * The values agents and teams are made of, shared by both deciders, the API and the read model.
 * Normalised forms (lower-case skill names sorted by name, languages de-duplicated) make "no
 * change" comparable, so a PATCH that repeats the current value records nothing.
 */
import { CHANNELS, type Channel } from '../tickets/ticket.values';

export const AGENT_STREAM_CATEGORY = 'agent';
export const TEAM_STREAM_CATEGORY = 'team';

export function agentStreamName(agentId: string): string {
  return `${AGENT_STREAM_CATEGORY}-${agentId}`;
}

export function teamStreamName(teamId: string): string {
  return `${TEAM_STREAM_CATEGORY}-${teamId}`;
}

export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const ASSIGNMENT_STRATEGIES = ['least_loaded', 'round_robin'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export const AGENT_SUPPORT_LEVELS = [1, 2, 3] as const;
export type AgentSupportLevel = (typeof AGENT_SUPPORT_LEVELS)[number];

export const MIN_SKILL_LEVEL = 1;
export const MAX_SKILL_LEVEL = 5;
export const MAX_SKILLS = 50;
export const MAX_LANGUAGES = 20;
export const MAX_TEAMS_PER_AGENT = 50;
/** Upper bound on any capacity: far above what a person can work on at once. */
export const MAX_CAPACITY = 1000;

/** `billing`, `mandarin`, `product.payments`: lower-case, starts with a letter or digit. */
export const SKILL_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,49}$/;
/** BCP 47-ish language tags: `en`, `zh-CN`, `pt-BR`. */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;
/** Agent and team ids: server-generated uuids, but any id the API key pattern accepts. */
export const DIRECTORY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export { CHANNELS, type Channel };

export interface Skill {
  /** Lower-case skill name, e.g. `billing`. */
  readonly skill: string;
  /** 1 (basic) to 5 (expert). */
  readonly level: number;
}

export interface Capacity {
  /** Maximum concurrently open tickets assigned to the agent, over all channels. */
  readonly max: number;
  /** Tighter caps for some channels (each at most `max`); a channel not listed is capped by `max` only. */
  readonly perChannel: Readonly<Partial<Record<Channel, number>>>;
}

/** Skills by name (lower-cased), sorted; duplicates are left in for the decider to reject. */
export function normaliseSkills(skills: readonly Skill[]): readonly Skill[] {
  return skills
    .map((skill) => ({ skill: skill.skill.trim().toLowerCase(), level: skill.level }))
    .sort((a, b) => (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : a.level - b.level));
}

/** Language tags trimmed, de-duplicated (case-insensitively), in the order given. */
export function normaliseLanguages(languages: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const language of languages) {
    const trimmed = language.trim();
    const key = trimmed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(trimmed);
  }
  return result;
}

/** Team ids de-duplicated and sorted, so membership compares as a set. */
export function normaliseTeamIds(teamIds: readonly string[]): readonly string[] {
  return [...new Set(teamIds)].sort();
}

/**
 * Per-channel caps with channels in a fixed order, so equal capacities compare equal. Unknown
 * channels are kept (after the known ones) so the decider can name them in its error.
 */
export function normaliseCapacity(capacity: {
  readonly max: number;
  readonly perChannel?: Readonly<Record<string, number>>;
}): Capacity {
  const given = capacity.perChannel ?? {};
  const perChannel: Record<string, number> = {};
  for (const channel of CHANNELS) {
    const value = given[channel];
    if (value !== undefined) perChannel[channel] = value;
  }
  for (const [key, value] of Object.entries(given)) {
    if (!isChannel(key)) perChannel[key] = value;
  }
  return { max: capacity.max, perChannel };
}

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

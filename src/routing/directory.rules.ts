/**
 * Value rules both deciders enforce. The HTTP DTOs check the same bounds (so clients get a 400
 * with field errors first); the deciders check them again because they are the write model's
 * invariants whoever sends the command (a future import, the router, a test).
 */
import type { TeamEntry } from './agent-directory.port';
import {
  AGENT_SUPPORT_LEVELS,
  LANGUAGE_PATTERN,
  MAX_CAPACITY,
  MAX_LANGUAGES,
  MAX_SKILL_LEVEL,
  MAX_SKILLS,
  MAX_TEAMS_PER_AGENT,
  MIN_SKILL_LEVEL,
  SKILL_NAME_PATTERN,
  isChannel,
  normaliseCapacity,
  normaliseLanguages,
  normaliseSkills,
  normaliseTeamIds,
  type AgentSupportLevel,
  type Capacity,
  type Skill,
} from './directory.values';
import { InactiveTeam, InvalidDirectoryValue, UnknownTeam } from './directory.errors';

export const MAX_NAME_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_REASON_LENGTH = 500;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireName(field: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new InvalidDirectoryValue(field, `${field} must be 1–${MAX_NAME_LENGTH} characters.`);
  }
  return trimmed;
}

export function requireEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH || !EMAIL.test(trimmed)) {
    throw new InvalidDirectoryValue('email', 'email must be an e-mail address.');
  }
  return trimmed;
}

export function requireLanguages(languages: readonly string[]): readonly string[] {
  const normalised = normaliseLanguages(languages);
  if (normalised.length > MAX_LANGUAGES) {
    throw new InvalidDirectoryValue('languages', `At most ${MAX_LANGUAGES} languages.`);
  }
  for (const language of normalised) {
    if (!LANGUAGE_PATTERN.test(language)) {
      throw new InvalidDirectoryValue(
        'languages',
        `"${language}" is not a language tag such as en or zh-CN.`,
      );
    }
  }
  return normalised;
}

export function requireSkills(field: string, skills: readonly Skill[]): readonly Skill[] {
  const normalised = normaliseSkills(skills);
  if (normalised.length > MAX_SKILLS) {
    throw new InvalidDirectoryValue(field, `At most ${MAX_SKILLS} skills.`);
  }
  let previous: string | undefined;
  for (const { skill, level } of normalised) {
    if (!SKILL_NAME_PATTERN.test(skill)) {
      throw new InvalidDirectoryValue(
        field,
        `"${skill.slice(0, 60)}" is not a skill name (lower-case letters, digits, . _ -).`,
      );
    }
    if (!Number.isInteger(level) || level < MIN_SKILL_LEVEL || level > MAX_SKILL_LEVEL) {
      throw new InvalidDirectoryValue(
        field,
        `The level of ${skill} must be an integer from ${MIN_SKILL_LEVEL} to ${MAX_SKILL_LEVEL}.`,
      );
    }
    if (skill === previous) {
      throw new InvalidDirectoryValue(field, `Skill ${skill} is listed twice.`);
    }
    previous = skill;
  }
  return normalised;
}

function isCapacityValue(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_CAPACITY
  );
}

export function requireCapacity(capacity: {
  readonly max: number;
  readonly perChannel?: Readonly<Record<string, number>>;
}): Capacity {
  if (!isCapacityValue(capacity.max)) {
    throw new InvalidDirectoryValue(
      'capacity.max',
      `capacity.max must be an integer from 0 to ${MAX_CAPACITY}.`,
    );
  }
  const normalised = normaliseCapacity(capacity);
  for (const [channel, value] of Object.entries(normalised.perChannel)) {
    const field = `capacity.perChannel.${channel}`;
    if (!isChannel(channel)) throw new InvalidDirectoryValue(field, `${channel} is not a channel.`);
    if (!isCapacityValue(value)) {
      throw new InvalidDirectoryValue(
        field,
        `${field} must be an integer from 0 to ${MAX_CAPACITY}.`,
      );
    }
    if (value > capacity.max) {
      throw new InvalidDirectoryValue(
        field,
        `${field} (${value}) cannot exceed capacity.max (${capacity.max}).`,
      );
    }
  }
  return normalised;
}

export function requireSupportLevel(level: number): AgentSupportLevel {
  if (!(AGENT_SUPPORT_LEVELS as readonly number[]).includes(level)) {
    throw new InvalidDirectoryValue('supportLevel', 'supportLevel must be 1, 2 or 3.');
  }
  return level as AgentSupportLevel;
}

/**
 * The membership after a change: every team joined must exist and be active; teams the agent
 * already belongs to may stay even if deactivated since (so leaving another team still works).
 */
export function requireMembership(
  teams: readonly TeamEntry[],
  current: readonly string[],
): readonly string[] {
  const ids = normaliseTeamIds(teams.map((team) => team.id));
  if (ids.length > MAX_TEAMS_PER_AGENT) {
    throw new InvalidDirectoryValue('teams', `At most ${MAX_TEAMS_PER_AGENT} teams.`);
  }
  for (const team of teams) {
    if (current.includes(team.id)) continue;
    if (team.status === 'unknown') throw new UnknownTeam(team.id, 'teams');
    if (team.status === 'deactivated') throw new InactiveTeam(team.id, 'teams');
  }
  return ids;
}

export function optionalReason(reason: string | null | undefined): string | null {
  if (reason === undefined || reason === null) return null;
  const trimmed = reason.trim();
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new InvalidDirectoryValue(
      'reason',
      `reason must be at most ${MAX_REASON_LENGTH} characters.`,
    );
  }
  return trimmed.length === 0 ? null : trimmed;
}
